import { toolKey, type Capability, type ToolDefinition, type ToolRef } from '../core/index.js';
import { nameWords, resolveCapabilities, type ToolOverride } from './capabilities.js';
import { wordHash } from './provenance/words.js';

/** A tool's identity: which server, which name. */
type ToolId = Pick<ToolRef, 'server' | 'name'>;

/** What the engine derives from a tool's identity alone: the same for every call, so worked out once. */
export interface ToolProfile {
  /** The configuration entry that names the tool, if any. */
  readonly override: ToolOverride | undefined;
  /** Its classes, before what one call's arguments add (`withNetworkEgress`). */
  readonly capabilities: readonly Capability[];
  /** Word hashes of the name's words that say what the tool does: not generic, not the server's own name. */
  readonly actionWords: readonly number[];
}

/** Words in tool names that say nothing about the action. */
const GENERIC = new Set(
  'get set manager tool tools api the a an to from by for of in on with my all new info data details detail item items by id user users'.split(' '),
);

function actionWords(tool: ToolId): number[] {
  const serverWords = tool.server === undefined ? [] : nameWords(tool.server);
  const out: number[] = [];
  for (const w of nameWords(tool.name)) {
    if (w.length < 3 || GENERIC.has(w) || serverWords.includes(w)) continue;
    const h = wordHash(w);
    if (!out.includes(h)) out.push(h);
  }
  return out;
}

/**
 * Tool profiles, keyed `server/name`, built on first use. Bounded: when full it starts over, which costs one
 * rebuild per tool. Whatever a profile reads (configuration, learned definitions) is fixed for its lifetime;
 * the engine calls `forget` when it learns new definitions.
 */
export class ToolProfiles {
  // By server, then name: no key string is built per lookup.
  readonly #profiles = new Map<string | undefined, Map<string, ToolProfile>>();
  #size = 0;
  readonly #tools: ReadonlyMap<string, ToolOverride>;
  readonly #catalog: ReadonlyMap<string, ToolDefinition>;
  readonly #max: number;

  constructor(opts: { tools: ReadonlyMap<string, ToolOverride>; catalog: ReadonlyMap<string, ToolDefinition>; max: number }) {
    this.#tools = opts.tools;
    this.#catalog = opts.catalog;
    this.#max = opts.max;
  }

  get(tool: ToolId): ToolProfile {
    let byName = this.#profiles.get(tool.server);
    let p = byName?.get(tool.name);
    if (p !== undefined) return p;
    if (this.#size >= this.#max) this.forget();
    if (byName === undefined || this.#size === 0) this.#profiles.set(tool.server, (byName = new Map()));
    p = this.#build(tool, toolKey(tool));
    byName.set(tool.name, p);
    this.#size++;
    return p;
  }

  /** Drops every profile: tool definitions changed, or the table is full. */
  forget(): void {
    this.#profiles.clear();
    this.#size = 0;
  }

  #build(tool: ToolId, key: string): ToolProfile {
    const override = this.#override(tool, key);
    const def = this.#catalog.get(key);
    return {
      override,
      capabilities: resolveCapabilities({ name: tool.name, override, annotations: def?.annotations, description: def?.description }),
      actionWords: actionWords(tool),
    };
  }

  /** Configuration for a tool: `server/name`, then `server/*`, then the bare name. */
  #override(tool: ToolId, key: string): ToolOverride | undefined {
    if (this.#tools.size === 0) return undefined;
    return this.#tools.get(key) ?? (tool.server === undefined ? undefined : this.#tools.get(`${tool.server}/*`)) ?? this.#tools.get(tool.name);
  }
}
