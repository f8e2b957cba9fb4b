import type { IncomingMessage, ServerResponse } from 'node:http';
import type { Server } from '@modelcontextprotocol/sdk/server/index.js';
import { SSEServerTransport } from '@modelcontextprotocol/sdk/server/sse.js';
import { writeJsonRpcError } from './jsonrpc-error.js';
import type { Principal } from './principal.js';
import type { Registry } from './registry.js';
import { releaseSubscriptions } from './forward-handlers.js';
import { createSessionServer } from './session-server.js';
import type { HandlerDeps, SessionContext } from './tool-handlers.js';
import { contentNotices } from './content-notices.js';

interface LegacySession {
  readonly view: string;
  readonly principal: Principal;
  readonly server: Server;
  readonly context: SessionContext;
  readonly transport: SSEServerTransport;
}

/** Most legacy sessions at once; each holds an open stream. */
const MAX_LEGACY = 1000;

/**
 * The deprecated HTTP+SSE transport (MCP 2024-11-05) for old clients: `GET <base>` opens the event stream and
 * announces `<base>/messages?sessionId=…`, where the client POSTs its messages. Same tool handlers, engine,
 * access rules and audit as Streamable HTTP; the session lives as long as its stream.
 */
export class LegacySseSessions {
  readonly #sessions = new Map<string, LegacySession>();
  readonly #registry: Registry;
  readonly #deps: () => HandlerDeps;
  readonly #unsubscribe: () => void;
  readonly #uncontent: () => void;

  constructor(opts: { registry: Registry; deps: () => HandlerDeps }) {
    this.#registry = opts.registry;
    this.#deps = opts.deps;
    this.#unsubscribe = this.#registry.onChange(() => {
      for (const s of this.#sessions.values()) void s.server.sendToolListChanged().catch(() => undefined);
    });
    this.#uncontent = this.#registry.onContentChange((server, change) => {
      for (const s of this.#sessions.values()) for (const n of contentNotices(this.#registry, s.view, server, change)) void s.context.notify(n).catch(() => undefined);
    });
  }

  get size(): number {
    return this.#sessions.size;
  }

  /** `GET <base>`: opens a stream and its session. */
  async open(opts: { base: string; view: string; principal: Principal; res: ServerResponse }): Promise<void> {
    if (this.#sessions.size >= MAX_LEGACY) {
      writeJsonRpcError(opts.res, 'UNAVAILABLE', 'too many legacy SSE sessions');
      return;
    }
    const transport = new SSEServerTransport(`${opts.base}/messages`, opts.res);
    const id = transport.sessionId;
    const deps = this.#deps();
    const { server, context } = createSessionServer({ id: () => id, view: opts.view, principal: opts.principal, deps });
    this.#sessions.set(id, { view: opts.view, principal: opts.principal, server, context, transport });
    opts.res.on('close', () => {
      this.#sessions.delete(id);
      releaseSubscriptions(deps, context);
      void server.close().catch(() => undefined);
    });
    await server.connect(transport);
  }

  /** `POST <base>/messages?sessionId=…`: one client message for an open session. */
  async message(opts: { view: string; principal: Principal; sessionId: string | undefined; req: IncomingMessage; res: ServerResponse; body: unknown }): Promise<void> {
    const s = opts.sessionId === undefined ? undefined : this.#sessions.get(opts.sessionId);
    if (s === undefined || s.view !== opts.view || s.principal.user !== opts.principal.user) {
      writeJsonRpcError(opts.res, 'SESSION_NOT_FOUND', 'Session not found');
      return;
    }
    await s.transport.handlePostMessage(opts.req, opts.res, opts.body);
  }

  close(): void {
    this.#unsubscribe();
    this.#uncontent();
    for (const s of this.#sessions.values()) void s.server.close().catch(() => undefined);
    this.#sessions.clear();
  }
}
