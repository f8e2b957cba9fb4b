import type { IncomingHttpHeaders, ServerResponse } from 'node:http';
import type { FastifyInstance } from 'fastify';
import type { RequestLogSink } from '../core/index.js';
import type { Metrics } from '../observability/metrics.js';

/** Headers that name the session a request belongs to, in the order the surfaces use them. */
const SESSION_HEADERS = ['mcp-session-id', 'x-rampart-session', 'x-claude-code-session-id', 'session-id'] as const;

function sessionOf(headers: IncomingHttpHeaders, query: unknown): string | undefined {
  for (const h of SESSION_HEADERS) {
    const v = headers[h];
    if (typeof v === 'string' && v !== '') return v.slice(0, 200);
  }
  const q = query as { sessionId?: unknown } | undefined;
  return typeof q?.sessionId === 'string' ? q.sessionId.slice(0, 200) : undefined;
}

/** Where requests are logged and measured. */
export interface RequestLogDeps {
  readonly log: RequestLogSink;
  readonly metrics: Metrics;
  readonly now?: (() => number) | undefined;
}

/** What the log reads of a request once its response has ended. */
export interface EndedRequest {
  readonly id: string;
  readonly method: string;
  readonly url: string;
  readonly headers: IncomingHttpHeaders;
  /** The matched route template, or `unmatched`. */
  readonly route: string;
  readonly user: string | undefined;
  /** The parsed query string (its `sessionId` names a session when no header does). */
  readonly query: unknown;
  readonly remote: string | undefined;
}

/** Logs and measures one request whose response has ended. */
function logEnded(deps: RequestLogDeps, r: EndedRequest, status: number, at: number, started: number): void {
  const seconds = (performance.now() - started) / 1000;
  deps.metrics.http(r.route, r.method, status, seconds);
  const q = r.url.indexOf('?');
  deps.log.logRequest({
    at,
    requestId: r.id,
    method: r.method,
    route: r.route,
    path: (q === -1 ? r.url : r.url.slice(0, q)).slice(0, 500),
    status,
    user: r.user,
    sessionId: sessionOf(r.headers, r.query),
    remote: r.remote,
    latencyMs: seconds * 1000,
  });
}

/**
 * Logs and measures every request when its response ends, hijacked ones included (MCP streams, LLM
 * pass-through): the route template, status, the user if one was authenticated, the session it named, and
 * the time taken. Rejected requests (a bad Origin, malformed JSON, a bad token) are logged like any other.
 */
export function installRequestLog(app: FastifyInstance, deps: RequestLogDeps): void {
  const now = deps.now ?? Date.now;
  // A callback hook, not an async one: no promise per request on the hot path.
  app.addHook('onRequest', (req, reply, done) => {
    const started = performance.now();
    const at = now();
    reply.raw.once('close', () => {
      const r: EndedRequest = { id: req.id, method: req.method, url: req.url, headers: req.headers, route: req.routeOptions.url ?? 'unmatched', user: req.principal?.user, query: req.query, remote: req.socket.remoteAddress };
      logEnded(deps, r, reply.raw.statusCode, at, started);
    });
    done();
  });
}

/**
 * The same log for a request served beside the framework (the model routes' own edge): `describe` is read when
 * the response ends, so it sees who authenticated by then.
 */
export function watchRequest(deps: RequestLogDeps, res: ServerResponse, describe: () => EndedRequest): void {
  const started = performance.now();
  const at = (deps.now ?? Date.now)();
  res.once('close', () => logEnded(deps, describe(), res.statusCode, at, started));
}
