import type { Tool } from '@modelcontextprotocol/sdk/types.js';
import type { McpConfig, McpServerConfig } from '../config/schema.js';
import { halts, type EngineRecord, type EventInput, type ToolDefinition } from '../core/index.js';
import { assignNames, prefixedName } from './names.js';
import { pinOf } from './pin.js';
import type { CredentialSource } from './credentials.js';
import type { PinBook } from './pin-book.js';
import { toDefinition } from './to-definition.js';
import { buildContentView, type ContentView } from './content-view.js';
import { contentDefinitions, NO_CONTENT, type ServerContent } from './server-content.js';
import { Upstream, type ContentChange, type UpstreamNotification } from './upstream.js';

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

/**
 * A tool the registry holds back, and why: what `rampart` reports and an admin re-approves. Prompts,
 * resources and templates are held back the same way, named `prompt:<name>`, `resource:<uri>`,
 * `template:<uri template>` (see `contentKey`).
 */
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

/** Definitions per scan event: the detectors read at most 512 texts of one event (`scan-targets.ts`). */
const SCAN_CHUNK = 100;

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
  readonly #content = new Map<string, ServerContent>();
  readonly #hiddenContent = new Map<string, readonly HiddenTool[]>();
  readonly #contentViews = new Map<string, ContentView>();
  readonly #contentListeners = new Set<(server: string, change: ContentChange) => void>();
  /** Per view: does a server in it ask for roots? (Cached: read on every call of a client that has roots.) */
  readonly #rootsViews = new Map<string, boolean>();
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
      onContentChanged: (_u, change) => {
        if (this.upstreams.get(name) === u) this.#registerContent(name, u.content, change);
      },
      onRootsAsked: () => this.#rootsViews.clear(),
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
    this.#hiddenContent.delete(name);
    this.#rootsViews.clear();
    if (this.#content.delete(name)) {
      this.#contentViews.clear();
      for (const fn of this.#contentListeners) fn(name, 'all');
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

  /**
   * Calls `fn` once a server's prompts or resources changed and were scanned again: the views drawing from
   * it announce `notifications/prompts/list_changed` or `notifications/resources/list_changed`.
   */
  onContentChange(fn: (server: string, change: ContentChange) => void): () => void {
    this.#contentListeners.add(fn);
    return () => this.#contentListeners.delete(fn);
  }

  /** Calls `fn` with an upstream's resource updates. */
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

  /**
   * True when a server of this view has asked for roots: a client with roots then has its calls carry their
   * route (the SDK path), so that the server's `roots/list` during a call reaches that client. Learned from
   * the server's first request (servers ask when they connect); until then the JSON fast path stays on.
   */
  wantsRoots(view: string): boolean {
    const have = this.#rootsViews.get(view);
    if (have !== undefined) return have;
    let servers: Iterable<string>;
    if (view === ALL) servers = this.upstreams.keys();
    else if (this.upstreams.has(view)) servers = [view];
    else {
      const v = this.#config.virtualServers[view];
      servers = v === undefined ? [] : [...v.tools, ...v.prompts, ...v.resources].map((ref) => ref.slice(0, ref.indexOf('/')));
    }
    let wants = false;
    for (const s of servers) if (this.upstreams.get(s)?.asksRoots === true) wants = true;
    this.#rootsViews.set(view, wants);
    return wants;
  }

  /** A client's `notifications/roots/list_changed`: told to the servers dedicated to its session (`mcp wrap`). */
  rootsChanged(sessionId: string): void {
    for (const u of this.upstreams.values()) if (u.owner === sessionId) u.rootsChanged();
  }

  /** True when a view draws from several servers: resource URIs are `rampart://<server>/<uri>` there. */
  isMultiServer(view: string): boolean {
    return view === ALL || (!this.upstreams.has(view) && Object.hasOwn(this.#config.virtualServers, view));
  }

  /** The prompts, resources and templates of `/mcp` or of a virtual server (scanned, approved). */
  contentView(name: string): ContentView {
    const have = this.#contentViews.get(name);
    if (have !== undefined) return have;
    const v = buildContentView(this.#content, name === ALL ? undefined : this.#config.virtualServers[name]);
    this.#contentViews.set(name, v);
    return v;
  }

  /** A server's prompts, resources and templates that passed the scan (and, for prompts, their pins). */
  content(server: string): ServerContent {
    return this.#content.get(server) ?? NO_CONTENT;
  }

  /** True when the registry holds back this prompt, resource or template (`contentKey`) of a server. */
  isHiddenContent(server: string, key: string): boolean {
    return this.#hiddenContent.get(server)?.some((h) => h.name === key) ?? false;
  }

  /** Tools, prompts, resources and templates held back, for every server. */
  hidden(): readonly HiddenTool[] {
    return [...this.#hidden.values(), ...this.#hiddenContent.values()].flat();
  }

  /** Re-approves a hidden tool (or prompt, resource, template) at its current definition, after admin `by` reviewed it. */
  approve(server: string, tool: string, by: string): boolean {
    const u = this.upstreams.get(server);
    const h = this.#hidden.get(server)?.find((t) => t.name === tool);
    if (h === undefined) {
      const c = this.#hiddenContent.get(server)?.find((t) => t.name === tool);
      if (c === undefined || u === undefined) return false;
      this.#pins.approve(server, tool, c.pin, by);
      this.#registerContent(server, u.content, 'all', new Set([tool]));
      return true;
    }
    if (u === undefined || h.reason === 'not-approved') return false;
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
   * Takes a server's prompts, resources and templates: scans their names and descriptions through the engine
   * like tool definitions (poisoning detectors; the pin detector for prompts, which are pinned like tools on
   * first sight) and holds back what is flagged. Resources and templates are not pinned: their lists are
   * often dynamic; an admin's approval of one held back pins it.
   */
  #registerContent(server: string, content: ServerContent, change: ContentChange, reapproved: ReadonlySet<string> = new Set()): void {
    if (!this.#servers.has(server)) return;
    const defs = contentDefinitions(server, content);
    const flagged = this.#scan(server, defs, reapproved);
    const hidden: HiddenTool[] = [];
    const keep = <T>(items: readonly T[], offset: number, pinned: boolean): T[] =>
      items.filter((_, i) => {
        const d = defs[offset + i] as ToolDefinition;
        const pin = pinOf(d);
        const reason = flagged.get(d.name);
        if (reason !== undefined) {
          hidden.push({ server, name: d.name, reason, pin });
          return false;
        }
        if (pinned) this.#pins.pinIfNew(server, d.name, pin);
        return true;
      });
    const prompts = keep(content.prompts, 0, true);
    const resources = keep(content.resources, content.prompts.length, false);
    const templates = keep(content.templates, content.prompts.length + content.resources.length, false);
    this.#content.set(server, { prompts, resources, templates });
    this.#hiddenContent.set(server, hidden);
    this.#contentViews.clear();
    for (const fn of this.#contentListeners) fn(server, change);
  }

  /**
   * Runs definitions through the engine (`tools.list`, audited like any event) in chunks that stay within
   * what one event's scan reads, and returns the names to hold back: changed pins, and poisoning findings
   * when the policy halts on them. `reapproved` names entries just re-approved.
   */
  #scan(server: string, defs: readonly ToolDefinition[], reapproved: ReadonlySet<string>): Map<string, HiddenReason> {
    const flagged = new Map<string, HiddenReason>();
    for (let i = 0; i < defs.length; i += SCAN_CHUNK) {
      const rec = this.#engine.process({ kind: 'tools.list', sessionId: `mcp-registry:${server}`, source: 'mcp', tools: defs.slice(i, i + SCAN_CHUNK) });
      for (const f of rec.findings) {
        if (f.arg === undefined || reapproved.has(f.arg)) continue;
        if (f.kind.startsWith('tool-pin.')) flagged.set(f.arg, 'pin-changed');
        else if (f.kind.startsWith('tool-poisoning.') && halts(rec.decision) && !flagged.has(f.arg)) flagged.set(f.arg, 'poisoned');
      }
    }
    return flagged;
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
    const flagged = this.#scan(server, defs, reapproved);
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
