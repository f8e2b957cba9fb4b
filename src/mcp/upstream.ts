import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { SSEClientTransport } from '@modelcontextprotocol/sdk/client/sse.js';
import type { Transport } from '@modelcontextprotocol/sdk/shared/transport.js';
import {
  CreateMessageRequestSchema,
  CreateMessageResultSchema,
  CreateMessageResultWithToolsSchema,
  ElicitRequestSchema,
  ElicitResultSchema,
  ListRootsRequestSchema,
  ListRootsResultSchema,
  LoggingMessageNotificationSchema,
  McpError,
  PromptListChangedNotificationSchema,
  ResourceListChangedNotificationSchema,
  ResourceUpdatedNotificationSchema,
  ToolListChangedNotificationSchema,
  type CallToolResult,
  type ServerCapabilities,
  type ServerNotification,
  type Tool,
} from '@modelcontextprotocol/sdk/types.js';
import type { McpServerConfig } from '../config/schema.js';
import { type CallSignal, GatewayError, toAbortSignal } from '../core/index.js';
import { backoffMs } from './backoff.js';
import { callCredentialHeaders, currentCallHeaders, spawnCredentialEnv, withCallHeaders, type CredentialSource } from './credentials.js';
import { currentRoute, passesLevel, type CallRoute } from './call-route.js';
import { FORWARDED, type ForwardedMethod, type ForwardedParams, type ForwardedResult } from './forwarded.js';
import { BoundedLog } from './bounded-log.js';
import { listContent, NO_CONTENT, type ServerContent } from './server-content.js';
import { HttpClientTransport } from './http-client-transport.js';
import { RawCalls } from './raw-calls.js';
import { stdioUpstreamTransport } from './stdio-upstream.js';

/** Where an upstream stands; `failed` retries on its own after a backoff. */
export type UpstreamState = 'connecting' | 'ready' | 'failed' | 'closed';

/** What a caller passes to `Upstream.callTool`. */
export interface CallOptions {
  readonly signal: CallSignal;
  readonly timeoutMs: number;
  /** Upstream progress for this call; the session forwards it to its own client. */
  readonly onProgress: ((p: { progress: number; total?: number | undefined; message?: string | undefined }) => void) | undefined;
  /** Who is calling: picks the user's own upstream credential over the server's shared one. */
  readonly user?: string | undefined;
  /** The downstream request this call serves: where the upstream's sampling, elicitation and logs go back to. */
  readonly route?: CallRoute | undefined;
}

/** What an upstream reports to the registry as it is: resource updates (list changes are re-listed first). */
export type UpstreamNotification = Extract<ServerNotification, { method: 'notifications/resources/updated' }>;

/** Which of an upstream's lists changed: its prompts, its resources and templates, or both (connected, lost). */
export type ContentChange = 'prompts' | 'resources' | 'all';

/**
 * What the gateway tells upstream servers it can do: sampling, elicitation and roots, which it routes back to
 * the client session whose call asked (sampling and elicitation are refused if that client cannot; roots are
 * then an empty list, see `#routeBack`).
 */
const CLIENT_CAPABILITIES = { sampling: {}, elicitation: {}, roots: { listChanged: true } };


/** The gateway's identity toward upstream servers. */
const CLIENT_INFO = { name: 'rampart-gateway', version: '0.1.0' };

/**
 * One upstream MCP server, reached with the SDK's `Client` over stdio (spawned and supervised), Streamable
 * HTTP or legacy SSE. When the connection drops (a crashed child, a closed stream) it reconnects with
 * exponential backoff; calls in flight fail with `UPSTREAM_ERROR` and the gateway keeps serving.
 */
export class Upstream {
  readonly name: string;
  readonly stderr = new BoundedLog();
  readonly #config: McpServerConfig;
  readonly #onToolsChanged: (server: Upstream) => void;
  readonly #credentials: CredentialSource | undefined;
  readonly #onNotification: (server: Upstream, n: UpstreamNotification) => void;
  readonly #onContentChanged: (server: Upstream, change: ContentChange) => void;
  /** Routes of calls in flight: the fallback for a server→client message that arrives outside any call's context. */
  readonly #inflight = new Set<CallRoute>();
  /** The one client session this connection serves, when it serves only one (`rampart mcp wrap`). */
  #owner: CallRoute | undefined;
  #asksRoots = false;
  readonly #onRootsAsked: (server: Upstream) => void;
  #client: Client | undefined;
  /** Direct `tools/call` on a stdio or Streamable HTTP connection's transport (set with `#client`). */
  #raw: { readonly client: Client; readonly calls: RawCalls } | undefined;
  /** Names of listed tools that `#raw` may call: no output schema to check, no task execution. */
  #plain: { readonly tools: readonly Tool[]; readonly names: ReadonlySet<string> } = { tools: [], names: new Set() };
  #tools: readonly Tool[] = [];
  #content: ServerContent = NO_CONTENT;
  #state: UpstreamState = 'connecting';
  #attempt = 0;
  #restarts = 0;
  #timer: NodeJS.Timeout | undefined;
  #ready: Promise<void> | undefined;

  constructor(opts: {
    name: string;
    config: McpServerConfig;
    onToolsChanged: (server: Upstream) => void;
    onNotification?: (server: Upstream, n: UpstreamNotification) => void;
    onContentChanged?: (server: Upstream, change: ContentChange) => void;
    /** Called the first time the server asks for roots (its clients' calls must then carry a route). */
    onRootsAsked?: (server: Upstream) => void;
    credentials?: CredentialSource | undefined;
  }) {
    this.name = opts.name;
    this.#config = opts.config;
    this.#onToolsChanged = opts.onToolsChanged;
    this.#onNotification = opts.onNotification ?? (() => undefined);
    this.#onContentChanged = opts.onContentChanged ?? (() => undefined);
    this.#onRootsAsked = opts.onRootsAsked ?? (() => undefined);
    this.#credentials = opts.credentials;
  }

  /** What the server declared at `initialize` (`undefined` until connected). */
  get capabilities(): ServerCapabilities | undefined {
    return this.#client?.getServerCapabilities();
  }

  get state(): UpstreamState {
    return this.#state;
  }

  /** Tools as last listed by the server (before approval, pinning and access control). */
  get tools(): readonly Tool[] {
    return this.#tools;
  }

  /** Prompts, resources and resource templates as last listed by the server (before scanning and pinning). */
  get content(): ServerContent {
    return this.#content;
  }

  /** True once the server asked for roots: a client's calls to it must carry their route (no JSON fast path). */
  get asksRoots(): boolean {
    return this.#asksRoots;
  }

  /** The session this connection is dedicated to (`dedicate`), if any. */
  get owner(): string | undefined {
    return this.#owner?.sessionId;
  }

  /**
   * Dedicates this connection to one client session, or ends that (`undefined`): the server's requests and
   * logs that come outside any call then go to that session, and the server is told that roots changed so
   * that it asks again and gets that client's roots. Only for a connection no one else uses (`mcp wrap`).
   */
  dedicate(route: CallRoute | undefined): void {
    this.#owner = route;
    if (route?.clientCapabilities()?.roots !== undefined) this.rootsChanged();
  }

  /** Tells the server that its client's roots changed (`notifications/roots/list_changed`). */
  rootsChanged(): void {
    void this.#client?.sendRootsListChanged().catch(() => undefined);
  }

  get restarts(): number {
    return this.#restarts;
  }

  /** Connects (once) and lists tools; resolves even when the first attempt fails (then retries in background). */
  start(): Promise<void> {
    this.#ready ??= this.#connect();
    return this.#ready;
  }

  async #connect(): Promise<void> {
    if (this.#state === 'closed') return;
    this.#state = 'connecting';
    const client = new Client(CLIENT_INFO, { capabilities: CLIENT_CAPABILITIES });
    client.setNotificationHandler(ToolListChangedNotificationSchema, () => {
      void this.#refreshTools(client);
    });
    this.#routeBack(client);
    client.onclose = () => {
      if (this.#client === client) this.#lost();
    };
    try {
      const transport = this.#transport(await spawnCredentialEnv(this.name, this.#config.credential, this.#credentials));
      await client.connect(transport, { timeout: 30_000 });
      this.#client = client;
      this.#raw = this.#config.transport.type === 'sse' ? undefined : { client, calls: new RawCalls(transport) };
      // Logs are filtered per client session by the gateway (each has its own level), so ask for all of them.
      if (client.getServerCapabilities()?.logging !== undefined) await client.setLoggingLevel('debug').catch(() => undefined);
      this.#tools = await this.#listAll(client);
      this.#content = await listContent(client, 'all', NO_CONTENT, (m) => this.stderr.write(m));
      this.#state = 'ready';
      this.#attempt = 0;
      this.#onToolsChanged(this);
      this.#onContentChanged(this, 'all');
    } catch (e) {
      this.stderr.write(`rampart: connect failed: ${e instanceof Error ? e.message : String(e)}\n`);
      await client.close().catch(() => undefined);
      if (this.#client === client) this.#client = undefined;
      this.#lost();
    }
  }

  /** `secretEnv`: the stdio server's credential variable, if it takes one. */
  #transport(secretEnv: Readonly<Record<string, string>>): Transport {
    const t = this.#config.transport;
    switch (t.type) {
      case 'stdio': {
        const tr = stdioUpstreamTransport({
          command: t.command,
          args: t.args,
          env: { ...inheritedEnv(), ...t.env, ...secretEnv },
          stderr: 'pipe',
          ...(t.cwd === undefined ? {} : { cwd: t.cwd }),
        });
        tr.stderr?.on('data', (chunk: Buffer) => this.stderr.write(chunk.toString('utf8')));
        return tr;
      }
      case 'http':
        return new HttpClientTransport(new URL(t.url), t.headers);
      case 'sse':
        return new SSEClientTransport(new URL(t.url), { requestInit: { headers: t.headers }, fetch: withCredentialHeaders });
    }
  }

  #lost(): void {
    if (this.#state === 'closed') return;
    const hadTools = this.#tools.length > 0;
    const hadContent = this.#content !== NO_CONTENT;
    this.#client = undefined;
    this.#state = 'failed';
    this.#tools = [];
    this.#content = NO_CONTENT;
    if (hadTools) this.#onToolsChanged(this);
    if (hadContent) this.#onContentChanged(this, 'all');
    clearTimeout(this.#timer);
    const delay = backoffMs(this.#attempt++);
    this.#timer = setTimeout(() => {
      this.#restarts++;
      void this.#connect();
    }, delay);
    this.#timer.unref();
  }

  /**
   * The route for a server→client message: the context's, else the only call in flight, else the session
   * this connection is dedicated to; none when ambiguous.
   */
  #route(): CallRoute | undefined {
    const r = currentRoute();
    if (r !== undefined) return r;
    if (this.#inflight.size > 1) return undefined;
    return this.#inflight.size === 1 ? this.#inflight.values().next().value : this.#owner;
  }

  #unroutable(what: string): McpError {
    return new McpError(-32603, `rampart: no client session to route ${what} to (it must come during one of its calls)`);
  }

  /**
   * Sampling, elicitation and logs from the server go back to the client session whose request is being
   * served (issue 4 §2); list changes and resource updates go to the registry, which knows who subscribed.
   */
  #routeBack(client: Client): void {
    client.setRequestHandler(CreateMessageRequestSchema, (req, extra) => {
      const route = this.#route();
      if (route === undefined) throw this.#unroutable('sampling/createMessage');
      return route.request(req, req.params.tools === undefined ? CreateMessageResultSchema : CreateMessageResultWithToolsSchema, extra.signal);
    });
    client.setRequestHandler(ElicitRequestSchema, (req, extra) => {
      const route = this.#route();
      if (route === undefined) throw this.#unroutable('elicitation/create');
      return route.request(req, ElicitResultSchema, extra.signal);
    });
    // Roots: the calling client's own, asked afresh (they can change at any time). A shared connection asked
    // outside any call gets none: one client's roots given to a server that serves everyone would widen what
    // it touches for all of them; the server keeps what it was configured with (as the filesystem server does).
    client.setRequestHandler(ListRootsRequestSchema, (req, extra) => {
      if (!this.#asksRoots) {
        this.#asksRoots = true;
        this.#onRootsAsked(this);
      }
      const route = this.#route();
      // No owning session, or one whose client has no roots: the gateway has no roots of its own to give.
      if (route === undefined || route.clientCapabilities()?.roots === undefined) return { roots: [] };
      return route.request(req, ListRootsResultSchema, extra.signal);
    });
    client.setNotificationHandler(LoggingMessageNotificationSchema, (n) => {
      const route = this.#route();
      // A log that belongs to no call is kept with the server's own logs, not broadcast to every user.
      if (route === undefined) this.stderr.write(`${n.params.level}: ${typeof n.params.data === 'string' ? n.params.data : JSON.stringify(n.params.data)}\n`);
      else if (passesLevel(n.params.level, route.logLevel())) return route.notify(n);
      return undefined;
    });
    client.setNotificationHandler(ResourceUpdatedNotificationSchema, (n) => this.#onNotification(this, n));
    // A changed list is listed again, so that the registry scans it before any client sees it.
    client.setNotificationHandler(ResourceListChangedNotificationSchema, () => this.#refreshContent(client, 'resources'));
    client.setNotificationHandler(PromptListChangedNotificationSchema, () => this.#refreshContent(client, 'prompts'));
  }

  /** Sends one of the requests the gateway forwards as they are (resources, prompts, completion). */
  async request<M extends ForwardedMethod>(method: M, params: ForwardedParams<M>, opts: CallOptions): Promise<ForwardedResult<M>> {
    const client = this.#client;
    if (client === undefined || this.#state !== 'ready') throw new GatewayError('UNAVAILABLE', `MCP server "${this.name}" is not connected`, { expose: true });
    const pending = this.#callHeaders(opts.user);
    const headers = pending === undefined ? undefined : await pending;
    return this.#tracked(opts.route, async () => {
      try {
        const request = () => client.request({ method, params }, FORWARDED[method], { signal: toAbortSignal(opts.signal), timeout: opts.timeoutMs, maxTotalTimeout: opts.timeoutMs });
        return (await withCallHeaders(headers, request)) as ForwardedResult<M>;
      } catch (e) {
        // The server's own answer (a missing resource, bad arguments) reaches the client as the server gave it.
        if (e instanceof McpError && e.code !== SDK_TIMEOUT) throw asWireError(e);
        throw upstreamError(this.name, e);
      }
    });
  }

  /** The credential headers of one call by `user`; undefined at once (no await on the hot path) when the server takes none. */
  #callHeaders(user: string | undefined): Promise<Record<string, string> | undefined> | undefined {
    const c = this.#config.credential;
    return c?.inject === 'header' ? callCredentialHeaders(this.name, c, user, this.#credentials) : undefined;
  }

  async #tracked<T>(route: CallRoute | undefined, fn: () => Promise<T>): Promise<T> {
    if (route === undefined) return fn();
    this.#inflight.add(route);
    try {
      return await fn();
    } finally {
      this.#inflight.delete(route);
    }
  }

  async #listAll(client: Client): Promise<Tool[]> {
    const out: Tool[] = [];
    let cursor: string | undefined;
    // Bounded: a server that pages forever stops at 100 pages.
    for (let page = 0; page < 100; page++) {
      const r = await client.listTools(cursor === undefined ? {} : { cursor });
      out.push(...r.tools);
      cursor = r.nextCursor;
      if (cursor === undefined) break;
    }
    return out;
  }

  async #refreshContent(client: Client, change: ContentChange): Promise<void> {
    const content = await listContent(client, change, this.#content, (m) => this.stderr.write(m));
    if (this.#client !== client) return;
    this.#content = content;
    this.#onContentChanged(this, change);
  }

  async #refreshTools(client: Client): Promise<void> {
    try {
      const tools = await this.#listAll(client);
      if (this.#client !== client) return;
      this.#tools = tools;
      this.#onToolsChanged(this);
    } catch (e) {
      this.stderr.write(`rampart: tools/list after list_changed failed: ${e instanceof Error ? e.message : String(e)}\n`);
    }
  }

  /** Calls one tool upstream. Throws `GatewayError` (`UNAVAILABLE`, `UPSTREAM_TIMEOUT`, `UPSTREAM_ERROR`). */
  async callTool(name: string, args: Record<string, unknown> | undefined, opts: CallOptions): Promise<CallToolResult> {
    const client = this.#client;
    if (client === undefined || this.#state !== 'ready') throw new GatewayError('UNAVAILABLE', `MCP server "${this.name}" is not connected`, { expose: true });
    const pending = this.#callHeaders(opts.user);
    const headers = pending === undefined ? undefined : await pending;
    const raw = this.#rawFor(client, name, opts);
    if (raw !== undefined) {
      try {
        // The HTTP transport reads the call's credential headers as it sends, within this context.
        return await withCallHeaders(headers, () => raw.callTool({ name, ...(args === undefined ? {} : { arguments: args }) }, { signal: opts.signal, timeoutMs: opts.timeoutMs }));
      } catch (e) {
        throw upstreamError(this.name, e);
      }
    }
    return this.#tracked(opts.route, async () => {
      try {
        const r = await withCallHeaders(headers, () =>
          client.callTool({ name, ...(args === undefined ? {} : { arguments: args }) }, undefined, {
            signal: toAbortSignal(opts.signal),
            timeout: opts.timeoutMs,
            maxTotalTimeout: opts.timeoutMs,
            ...(opts.onProgress === undefined ? {} : { onprogress: opts.onProgress }),
          }),
        );
        return r as CallToolResult;
      } catch (e) {
        throw upstreamError(this.name, e);
      }
    });
  }

  /**
   * The direct path for one call, when it is the same as the client's: no progress, no route (so no
   * in-flight bookkeeping: a route-less call is not tracked on the client's path either), and a tool with no
   * output schema for the client to check and no task execution. Used on stdio and Streamable HTTP
   * connections, shared or dedicated; the JSON fast path of the gateway and of `mcp wrap` make such calls.
   */
  #rawFor(client: Client, name: string, opts: CallOptions): RawCalls | undefined {
    const raw = this.#raw;
    if (raw?.client !== client || opts.onProgress !== undefined || opts.route !== undefined) return undefined;
    if (this.#plain.tools !== this.#tools) {
      const names = new Set<string>();
      for (const t of this.#tools) if (t.outputSchema === undefined && t.execution === undefined) names.add(t.name);
      this.#plain = { tools: this.#tools, names };
    }
    return this.#plain.names.has(name) ? raw.calls : undefined;
  }

  async close(): Promise<void> {
    this.#state = 'closed';
    clearTimeout(this.#timer);
    const c = this.#client;
    this.#client = undefined;
    await c?.close().catch(() => undefined);
  }
}

/** `fetch` for the legacy SSE transport: adds the running call's credential headers to what it POSTs. */
const withCredentialHeaders: typeof fetch = (input, init) => {
  const extra = currentCallHeaders();
  if (extra === undefined) return fetch(input, init);
  const headers = new Headers(init?.headers);
  for (const [k, v] of Object.entries(extra)) headers.set(k, v);
  return fetch(input, { ...init, headers });
};

/**
 * An upstream's JSON-RPC error with the message it sent: the SDK client prefixed "MCP error <code>: " to it,
 * and our SDK server sends `message` as it is (the client's SDK adds its own prefix once).
 */
function asWireError(e: McpError): McpError {
  const out = new McpError(e.code, '', e.data);
  out.message = e.message.replace(/^MCP error -?\d+: /, '');
  return out;
}

/** The SDK's request-timeout code (`ErrorCode.RequestTimeout`). */
const SDK_TIMEOUT = -32001;

function upstreamError(server: string, e: unknown): GatewayError {
  const code = typeof e === 'object' && e !== null && 'code' in e ? (e as { code: unknown }).code : undefined;
  if (code === SDK_TIMEOUT) return new GatewayError('UPSTREAM_TIMEOUT', `MCP server "${server}" did not answer in time`, { cause: e, expose: true });
  // An upstream's own JSON-RPC error (e.g. invalid params) is passed through with its message.
  if (typeof code === 'number' && code >= -32700 && code <= -32600) {
    return new GatewayError(code === -32602 ? 'INVALID_PARAMS' : 'UPSTREAM_ERROR', `MCP server "${server}": ${(e as Error).message}`, { cause: e, expose: true });
  }
  return new GatewayError('UPSTREAM_ERROR', `MCP server "${server}" failed: ${e instanceof Error ? e.message : 'error'}`, { cause: e, expose: true });
}

/** The few variables a child needs to run (PATH, HOME…), as the SDK's default does; never the gateway's secrets. */
function inheritedEnv(): Record<string, string> {
  const keep = ['PATH', 'HOME', 'LOGNAME', 'SHELL', 'TERM', 'USER', 'TMPDIR', 'LANG', 'SYSTEMROOT', 'APPDATA'];
  const out: Record<string, string> = {};
  for (const k of keep) {
    const v = process.env[k];
    if (v !== undefined) out[k] = v;
  }
  return out;
}
