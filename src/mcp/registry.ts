import type { Tool } from '@modelcontextprotocol/sdk/types.js';
import type { McpConfig } from '../config/schema.js';
import { halts, type EngineRecord, type EventInput, type ToolDefinition } from '../core/index.js';
import { assignNames, prefixedName } from './names.js';
import { pinOf } from './pin.js';
import type { PinBook } from './pin-book.js';
import { toDefinition } from './to-definition.js';
import { Upstream, type UpstreamNotification } from './upstream.js';

/** What the registry needs of the engine: `Engine.process`. */
export interface EventProcessor {
  process(input: EventInput): EngineRecord;
}

/** One tool as a downstream view exposes it. */
export interface ExposedTool {
  /** The name the client sees (prefixed in the aggregated view). */
  readonly exposed: string;
  readonly server: string;
  readonly tool: Tool;
  readonly definition: ToolDefinition;
}

/** Why a tool an upstream lists is not served. */
export type HiddenReason = 'not-approved' | 'pin-changed' | 'poisoned';

/** A tool the registry holds back, and why: what `rampart` reports and an admin re-approves. */
export interface HiddenTool {
  readonly server: string;
  readonly name: string;
  readonly reason: HiddenReason;
  readonly pin: string;
}

/** The aggregated view at `/mcp`. */
export const ALL = '';

/**
 * The registry of approved upstream servers (issue 4 §2): starts them, keeps each one's approved tools
 * (per-tool approval, pins, poisoning scan through the engine) and builds the views clients see: every
 * server prefixed at `/mcp`, one server or one virtual server unprefixed at `/mcp/<name>`.
 */
export class Registry {
  readonly upstreams = new Map<string, Upstream>();
  readonly #config: McpConfig;
  readonly #engine: EventProcessor;
  readonly #pins: PinBook;
  readonly #approved = new Map<string, readonly ExposedTool[]>();
  readonly #hidden = new Map<string, readonly HiddenTool[]>();
  readonly #views = new Map<string, ReadonlyMap<string, ExposedTool>>();
  readonly #listeners = new Set<() => void>();
  readonly #notified = new Set<(server: string, n: UpstreamNotification) => void>();

  constructor(opts: { config: McpConfig; engine: EventProcessor; pins: PinBook }) {
    this.#config = opts.config;
    this.#engine = opts.engine;
    this.#pins = opts.pins;
    for (const [name, s] of Object.entries(this.#config.servers)) {
      if (!s.approved) continue;
      this.upstreams.set(name, new Upstream({
        name,
        config: s,
        onToolsChanged: (u) => this.#register(u.name, u.tools),
        onNotification: (u, n) => {
          for (const fn of this.#notified) fn(u.name, n);
        },
      }));
    }
  }

  /** Starts every upstream; resolves when each has connected once or failed its first attempt. */
  async start(): Promise<void> {
    await Promise.all([...this.upstreams.values()].map((u) => u.start()));
  }

  async close(): Promise<void> {
    await Promise.all([...this.upstreams.values()].map((u) => u.close()));
  }

  /** Calls `fn` whenever any view's tool list may have changed (for `notifications/tools/list_changed`). */
  onChange(fn: () => void): () => void {
    this.#listeners.add(fn);
    return () => this.#listeners.delete(fn);
  }

  /** Calls `fn` with an upstream's resource and prompt list changes and resource updates. */
  onUpstreamNotification(fn: (server: string, n: UpstreamNotification) => void): () => void {
    this.#notified.add(fn);
    return () => this.#notified.delete(fn);
  }

  /** True when `/mcp/<name>` exists: an approved server or a virtual server. */
  hasView(name: string): boolean {
    return name === ALL || this.upstreams.has(name) || Object.hasOwn(this.#config.virtualServers, name);
  }

  /** The tools of one view, by exposed name. */
  view(name: string): ReadonlyMap<string, ExposedTool> {
    const have = this.#views.get(name);
    if (have !== undefined) return have;
    const v = new Map<string, ExposedTool>();
    for (const [exposed, t] of this.#build(name)) v.set(exposed, exposed === t.exposed ? t : { ...t, exposed });
    this.#views.set(name, v);
    return v;
  }

  /** Tools held back, for every server. */
  hidden(): readonly HiddenTool[] {
    return [...this.#hidden.values()].flat();
  }

  /** Re-approves a hidden tool at its current definition (after an admin reviewed the change). */
  approve(server: string, tool: string): boolean {
    const h = this.#hidden.get(server)?.find((t) => t.name === tool);
    const u = this.upstreams.get(server);
    if (h === undefined || u === undefined || h.reason === 'not-approved') return false;
    this.#pins.approve(server, tool, h.pin);
    this.#register(server, u.tools, new Set([tool]));
    return true;
  }

  #build(name: string): ReadonlyMap<string, ExposedTool> {
    if (name === ALL) {
      const all = [...this.#approved.values()].flat();
      return assignNames(all, (t) => prefixedName(t.server, t.tool.name), (t) => `${t.server}/${t.tool.name}`);
    }
    const own = this.#approved.get(name);
    if (own !== undefined || this.upstreams.has(name)) return assignNames(own ?? [], (t) => t.tool.name, (t) => t.tool.name);
    const virtual = this.#config.virtualServers[name];
    if (virtual === undefined) return new Map();
    const picked: ExposedTool[] = [];
    for (const ref of virtual.tools) {
      const slash = ref.indexOf('/');
      const server = ref.slice(0, slash);
      const tool = ref.slice(slash + 1);
      const t = this.#approved.get(server)?.find((e) => e.tool.name === tool);
      if (t !== undefined) picked.push(t);
    }
    return assignNames(picked, (t) => t.tool.name, (t) => `${t.server}/${t.tool.name}`);
  }

  /**
   * Takes a server's current tool list: applies per-tool approval, scans the definitions through the engine
   * (`tools.list`: poisoning and pin detectors, audited like any event), hides changed or poisoned tools.
   * `skipPin` names tools just re-approved, whose pin check is already settled.
   */
  #register(server: string, tools: readonly Tool[], reapproved: ReadonlySet<string> = new Set()): void {
    const cfg = this.#config.servers[server];
    if (cfg === undefined) return;
    const defs = tools.map((t) => toDefinition(server, t));
    // The engine sees the definitions first: its pin detector compares them with pins approved earlier.
    const rec = defs.length === 0 ? undefined : this.#engine.process({ kind: 'tools.list', sessionId: `mcp-registry:${server}`, source: 'mcp', tools: defs });
    const flagged = new Map<string, HiddenReason>();
    for (const f of rec?.findings ?? []) {
      if (f.arg === undefined || reapproved.has(f.arg)) continue;
      if (f.kind.startsWith('tool-pin.')) flagged.set(f.arg, 'pin-changed');
      else if (f.kind.startsWith('tool-poisoning.') && rec !== undefined && halts(rec.decision) && !flagged.has(f.arg)) flagged.set(f.arg, 'poisoned');
    }
    const approved: ExposedTool[] = [];
    const hidden: HiddenTool[] = [];
    tools.forEach((tool, i) => {
      const definition = defs[i] as ToolDefinition;
      const pin = pinOf(definition);
      const toolCfg = cfg.tools[tool.name];
      const allowed = toolCfg?.approved ?? cfg.approveNewTools;
      const reason: HiddenReason | undefined = !allowed ? 'not-approved' : flagged.get(tool.name);
      if (reason !== undefined) {
        hidden.push({ server, name: tool.name, reason, pin });
        return;
      }
      this.#pins.pinIfNew(server, tool.name, pin);
      approved.push({ exposed: tool.name, server, tool, definition });
    });
    this.#approved.set(server, approved);
    this.#hidden.set(server, hidden);
    this.#views.clear();
    for (const fn of this.#listeners) fn();
  }
}
