import type { Tool } from '@modelcontextprotocol/sdk/types.js';
import type { McpConfig, McpServerConfig } from '../config/schema.js';
import { halts, type EngineRecord, type EventInput, type ToolDefinition } from '../core/index.js';
import { assignNames, prefixedName } from './names.js';
import { pinOf } from './pin.js';
import type { CredentialSource } from './credentials.js';
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

/** Where a server's entry comes from: the configuration file, or the admin API (stored). */
export type ServerSource = 'config' | 'admin';

/** Why the admin API cannot register or remove a server. */
export type ServerChangeRefusal = 'configured' | 'unknown';

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
  /** Every server entry, approved or not, from either source. */
  readonly #servers = new Map<string, { readonly config: McpServerConfig; readonly source: ServerSource }>();
  readonly #credentials: CredentialSource | undefined;
  readonly #engine: EventProcessor;
  readonly #pins: PinBook;
  readonly #approved = new Map<string, readonly ExposedTool[]>();
  readonly #hidden = new Map<string, readonly HiddenTool[]>();
  readonly #views = new Map<string, ReadonlyMap<string, ExposedTool>>();
  readonly #listeners = new Set<() => void>();
  readonly #notified = new Set<(server: string, n: UpstreamNotification) => void>();

  /**
   * `credentials`: what upstream servers are given per call (the vault); none when absent. `added`: servers
   * registered earlier through the admin API; a name the configuration also uses keeps the configured entry.
   */
  constructor(opts: {
    config: McpConfig;
    engine: EventProcessor;
    pins: PinBook;
    credentials?: CredentialSource | undefined;
    added?: ReadonlyMap<string, McpServerConfig> | undefined;
  }) {
    this.#config = opts.config;
    this.#engine = opts.engine;
    this.#pins = opts.pins;
    this.#credentials = opts.credentials;
    for (const [name, s] of opts.added ?? []) this.#servers.set(name, { config: s, source: 'admin' });
    for (const [name, s] of Object.entries(this.#config.servers)) this.#servers.set(name, { config: s, source: 'config' });
    for (const [name, s] of this.#servers) if (s.config.approved) this.#spawn(name, s.config);
  }

  /** Every server entry with where it came from. */
  servers(): ReadonlyMap<string, { readonly config: McpServerConfig; readonly source: ServerSource }> {
    return this.#servers;
  }

  /**
   * Registers (or replaces) a server from the admin API and starts it; resolves once it connected or failed
   * its first attempt. A server from the configuration file cannot be replaced this way.
   */
  async addServer(name: string, config: McpServerConfig): Promise<ServerChangeRefusal | undefined> {
    if (this.#servers.get(name)?.source === 'config') return 'configured';
    await this.#drop(name);
    this.#servers.set(name, { config, source: 'admin' });
    if (!config.approved) return undefined;
    await this.#spawn(name, config).start();
    return undefined;
  }

  /** Removes a server the admin API registered: its tools leave every view at once. */
  async removeServer(name: string): Promise<ServerChangeRefusal | undefined> {
    const s = this.#servers.get(name);
    if (s === undefined) return 'unknown';
    if (s.source === 'config') return 'configured';
    this.#servers.delete(name);
    await this.#drop(name);
    return undefined;
  }

  #spawn(name: string, config: McpServerConfig): Upstream {
    const u: Upstream = new Upstream({
      name,
      config,
      credentials: this.#credentials,
      // A replaced or removed upstream may still report; only the current one counts.
      onToolsChanged: () => {
        if (this.upstreams.get(name) === u) this.#register(name, u.tools);
      },
      onNotification: (_u, n) => {
        if (this.upstreams.get(name) === u) for (const fn of this.#notified) fn(name, n);
      },
    });
    this.upstreams.set(name, u);
    return u;
  }

  async #drop(name: string): Promise<void> {
    const u = this.upstreams.get(name);
    this.upstreams.delete(name);
    const had = this.#approved.delete(name);
    this.#hidden.delete(name);
    if (had) {
      this.#views.clear();
      for (const fn of this.#listeners) fn();
    }
    await u?.close();
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

  /** Re-approves a hidden tool at its current definition, after admin `by` reviewed the change. */
  approve(server: string, tool: string, by: string): boolean {
    const h = this.#hidden.get(server)?.find((t) => t.name === tool);
    const u = this.upstreams.get(server);
    if (h === undefined || u === undefined || h.reason === 'not-approved') return false;
    this.#pins.approve(server, tool, h.pin, by);
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
    const cfg = this.#servers.get(server)?.config;
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
