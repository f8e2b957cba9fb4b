import { randomUUID } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { Server } from '@modelcontextprotocol/sdk/server/index.js';
import { StreamableHTTPServerTransport } from '@modelcontextprotocol/sdk/server/streamableHttp.js';
import { isInitializeRequest, McpError } from '@modelcontextprotocol/sdk/types.js';
import type { McpConfig } from '../config/schema.js';
import { CallAbort, ERROR_CODES, type ToolCallSink } from '../core/index.js';
import type { AccessControl } from './access.js';
import { writeJsonRpcError } from './jsonrpc-error.js';
import type { Principal } from './principal.js';
import type { EventProcessor, Registry } from './registry.js';
import { asFastCall, type FastCall } from './fast-call.js';
import { LegacySseSessions } from './legacy-sse.js';
import { handleStateless, STATELESS_VERSION } from './stateless.js';
import { releaseSubscriptions } from './forward-handlers.js';
import { createSessionServer } from './session-server.js';
import { contentNotices, updateNotice } from './content-notices.js';
import { resultResponseJson } from './result-json.js';
import { Subscriptions } from './subscriptions.js';
import { callTool, type HandlerDeps, type SessionContext } from './tool-handlers.js';
import type { UpstreamNotification } from './upstream.js';

/** One downstream MCP session: its SDK server and transport, who opened it, and on which view. */
interface DownstreamSession {
  readonly id: string;
  readonly view: string;
  readonly principal: Principal;
  readonly server: Server;
  readonly transport: StreamableHTTPServerTransport;
  readonly context: SessionContext;
  /** Fast-path calls in flight, so `notifications/cancelled` can abort them. */
  readonly inflight: Map<string | number, CallAbort>;
  lastSeen: number;
}

function firstInBatch(body: unknown): unknown {
  return Array.isArray(body) ? body[0] : body;
}

/**
 * The downstream side of the MCP gateway over Streamable HTTP (spec 2025-03-26 to 2025-11-25): one SDK
 * `Server` per session, bound to the principal and view that initialized it; sessions idle past the limit
 * are closed and their id answers 404, as the spec asks for an unknown session. Framework-free: the HTTP edge
 * hands over Node's request and response and the parsed body.
 */
export class McpGateway {
  readonly #sessions = new Map<string, DownstreamSession>();
  readonly #registry: Registry;
  readonly #engine: EventProcessor;
  readonly #access: AccessControl;
  readonly #config: McpConfig;
  readonly #calls: ToolCallSink | undefined;
  readonly #now: () => number;
  readonly #sweep: NodeJS.Timeout;
  readonly #unsubscribe: () => void;
  readonly #unnotified: () => void;
  readonly #uncontent: () => void;
  readonly #subscriptions = new Subscriptions<SessionContext>();
  /** Old clients on the HTTP+SSE transport (2024-11-05), at `/mcp-sse` and `/mcp-sse/<view>`. */
  readonly legacy: LegacySseSessions;

  constructor(opts: { registry: Registry; engine: EventProcessor; access: AccessControl; config: McpConfig; calls?: ToolCallSink | undefined; now?: () => number }) {
    this.#calls = opts.calls;
    this.#registry = opts.registry;
    this.#engine = opts.engine;
    this.#access = opts.access;
    this.#config = opts.config;
    this.#now = opts.now ?? Date.now;
    this.legacy = new LegacySseSessions({ registry: this.#registry, deps: () => this.deps });
    this.#sweep = setInterval(() => this.sweep(), 30_000);
    this.#sweep.unref();
    // Re-aggregated tool lists are announced to every live session (notifications/tools/list_changed).
    this.#unsubscribe = this.#registry.onChange(() => {
      for (const s of this.#sessions.values()) void s.server.sendToolListChanged().catch(() => undefined);
    });
    this.#unnotified = this.#registry.onUpstreamNotification((server, n) => this.#relay(server, n));
    // Prompt and resource list changes, once the registry scanned the new lists, to every view drawing from that server.
    this.#uncontent = this.#registry.onContentChange((server, change) => {
      for (const s of this.#sessions.values()) for (const n of contentNotices(this.#registry, s.view, server, change)) void s.context.notify(n).catch(() => undefined);
    });
  }

  /** Resource updates go to the sessions that subscribed (on any transport), with the URI each one knows. */
  #relay(server: string, n: UpstreamNotification): void {
    for (const ctx of this.#subscriptions.subscribers(server, n.params.uri)) void ctx.notify(updateNotice(this.#registry, ctx.view, server, n)).catch(() => undefined);
  }

  get sessions(): number {
    return this.#sessions.size;
  }

  /** True when the browser `Origin` may call us: absent (non-browser clients), loopback, or configured. */
  originAllowed(origin: string | undefined): boolean {
    if (origin === undefined) return true;
    if (this.#config.allowedOrigins.includes(origin)) return true;
    // DNS rebinding: a page on evil.example resolving to 127.0.0.1 sends Origin http://evil.example.
    const m = /^https?:\/\/(\[[^\]]+\]|[^/:]+)(?::\d+)?$/.exec(origin);
    const h = m?.[1];
    // Comparing Origin with Host proves nothing here: after rebinding, both name the attacker's domain.
    return h === 'localhost' || h === '127.0.0.1' || h === '[::1]';
  }

  /** True when `/mcp/<view>` (or `/mcp-sse/<view>`) exists. */
  hasView(view: string): boolean {
    return this.#registry.hasView(view);
  }

  /** Handles one HTTP request to `/mcp` (view `''`) or `/mcp/<view>`. `body` is the parsed JSON for POST. */
  async handle(opts: { view: string; principal: Principal; req: IncomingMessage; res: ServerResponse; body: unknown }): Promise<void> {
    const { view, principal, req, res, body } = opts;
    if (!this.#registry.hasView(view)) {
      writeJsonRpcError(res, 'NOT_FOUND', `no MCP server or virtual server named "${view}"`);
      return;
    }
    const header = req.headers['mcp-session-id'];
    const sid = Array.isArray(header) ? header[0] : header;
    if (sid !== undefined) {
      const s = this.#sessions.get(sid);
      // A session opened by someone else, or on another view, is as unknown as an expired one.
      if (s === undefined || s.view !== view || s.principal.user !== principal.user) {
        writeJsonRpcError(res, 'SESSION_NOT_FOUND', 'Session not found');
        return;
      }
      s.lastSeen = this.#now();
      const fast = this.#streams(s) ? undefined : asFastCall(req, body);
      if (fast !== undefined) {
        await this.#fastCall(s, fast, res);
        return;
      }
      this.#cancelFast(s, body);
      await s.transport.handleRequest(req, res, body);
      return;
    }
    if (req.method === 'POST' && req.headers['mcp-protocol-version'] === STATELESS_VERSION) {
      await handleStateless({ view, principal, req, res, body, deps: this.deps });
      return;
    }
    if (req.method !== 'POST' || !isInitializeRequest(firstInBatch(body))) {
      writeJsonRpcError(res, 'BAD_REQUEST', 'Bad Request: Mcp-Session-Id header is required (send initialize first)');
      return;
    }
    if (this.#sessions.size >= this.#config.maxSessions) this.sweep();
    if (this.#sessions.size >= this.#config.maxSessions) {
      writeJsonRpcError(res, 'UNAVAILABLE', 'too many MCP sessions');
      return;
    }
    await this.#open(view, principal).transport.handleRequest(req, res, body);
  }

  /**
   * True when a session's calls must go through the SDK transport, whose SSE response can carry the
   * upstream's requests and logs back: its client takes sampling or elicitation, asked for logs, or has roots
   * that a server of its view asks for.
   */
  #streams(s: DownstreamSession): boolean {
    const caps = s.server.getClientCapabilities();
    return caps?.sampling !== undefined || caps?.elicitation !== undefined || s.context.logging.level !== undefined || (caps?.roots !== undefined && this.#registry.wantsRoots(s.view));
  }

  /** Answers a plain `tools/call` with one JSON response, without the SDK transport (see `asFastCall`). */
  async #fastCall(s: DownstreamSession, call: FastCall, res: ServerResponse): Promise<void> {
    const ac = new CallAbort();
    s.inflight.set(call.id, ac);
    // A client that hangs up cancels its call upstream.
    const onClose = (): void => {
      if (!res.writableFinished) ac.abort();
    };
    res.once('close', onClose);
    let out: string;
    try {
      const result = await callTool(s.context, this.deps, { name: call.name, args: call.args, requestId: call.id, signal: ac, onProgress: undefined, route: undefined });
      out = resultResponseJson(call.id, result);
    } catch (e) {
      const err = e instanceof McpError ? { code: e.code, message: e.message, ...(e.data === undefined ? {} : { data: e.data }) } : { code: ERROR_CODES.INTERNAL.jsonrpc, message: 'internal error' };
      out = JSON.stringify({ jsonrpc: '2.0', id: call.id, error: err });
    } finally {
      s.inflight.delete(call.id);
      res.off('close', onClose);
    }
    if (res.destroyed) return;
    res.writeHead(200, { 'content-type': 'application/json', 'content-length': Buffer.byteLength(out), 'mcp-session-id': s.id });
    res.end(out);
  }

  /** `notifications/cancelled` for a fast-path call aborts it (the SDK only knows its own requests). */
  #cancelFast(s: DownstreamSession, body: unknown): void {
    if (s.inflight.size === 0 || typeof body !== 'object' || body === null) return;
    const m = body as { method?: unknown; params?: { requestId?: unknown } };
    if (m.method !== 'notifications/cancelled') return;
    const id = m.params?.requestId;
    if (typeof id === 'string' || typeof id === 'number') s.inflight.get(id)?.abort();
  }

  /** What the tool handlers need: shared with local (stdio) sessions. */
  get deps(): HandlerDeps {
    return { registry: this.#registry, engine: this.#engine, access: this.#access, callTimeoutMs: this.#config.callTimeoutMs, calls: this.#calls, subscriptions: this.#subscriptions };
  }

  #open(view: string, principal: Principal): DownstreamSession {
    let id = '';
    const transport: StreamableHTTPServerTransport = new StreamableHTTPServerTransport({
      sessionIdGenerator: randomUUID,
      onsessioninitialized: (sid) => {
        id = sid;
        this.#sessions.set(sid, session);
      },
      onsessionclosed: (sid) => {
        this.#end(sid);
      },
    });
    const { server, context } = createSessionServer({ id: () => id, view, principal, deps: this.deps });
    const session: DownstreamSession = { get id() { return id; }, view, principal, server, transport, context, inflight: new Map(), lastSeen: this.#now() };
    server.onclose = () => {
      if (id !== '') this.#end(id);
    };
    // connect() only wires callbacks; it resolves at once for this transport.
    void server.connect(transport);
    return session;
  }

  #end(id: string): void {
    const s = this.#sessions.get(id);
    if (s === undefined) return;
    this.#sessions.delete(id);
    releaseSubscriptions(this.deps, s.context);
    this.#engine.process({ kind: 'session.end', sessionId: id, source: 'mcp', actor: { user: s.principal.user, agent: s.server.getClientVersion()?.name } });
    void s.server.close().catch(() => undefined);
  }

  /** Closes sessions idle past `sessionIdleMinutes`. */
  sweep(): void {
    const limit = this.#now() - this.#config.sessionIdleMinutes * 60_000;
    for (const s of [...this.#sessions.values()]) if (s.lastSeen < limit) this.#end(s.id);
  }

  async close(): Promise<void> {
    clearInterval(this.#sweep);
    this.legacy.close();
    this.#unsubscribe();
    this.#unnotified();
    this.#uncontent();
    for (const id of [...this.#sessions.keys()]) this.#end(id);
    await Promise.resolve();
  }
}
