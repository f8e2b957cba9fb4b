import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { RequestLogSink } from '../core/index.js';
import type { Metrics } from '../observability/metrics.js';

/** Headers that name the session a request belongs to, in the order the surfaces use them. */
const SESSION_HEADERS = ['mcp-session-id', 'x-rampart-session', 'x-claude-code-session-id', 'session-id'] as const;

function sessionOf(req: FastifyRequest): string | undefined {
  for (const h of SESSION_HEADERS) {
    const v = req.headers[h];
    if (typeof v === 'string' && v !== '') return v.slice(0, 200);
  }
  const q = req.query as { sessionId?: unknown } | undefined;
  return typeof q?.sessionId === 'string' ? q.sessionId.slice(0, 200) : undefined;
}

/**
 * Logs and measures every request when its response ends, hijacked ones included (MCP streams, LLM
 * pass-through): the route template, status, the user if one was authenticated, the session it named, and
 * the time taken. Rejected requests (a bad Origin, malformed JSON, a bad token) are logged like any other.
 */
export function installRequestLog(app: FastifyInstance, deps: { log: RequestLogSink; metrics: Metrics; now?: () => number }): void {
  const now = deps.now ?? Date.now;
  // A callback hook, not an async one: no promise per request on the hot path.
  app.addHook('onRequest', (req, reply, done) => {
    const started = performance.now();
    const at = now();
    reply.raw.once('close', () => {
      const seconds = (performance.now() - started) / 1000;
      const route = req.routeOptions.url ?? 'unmatched';
      const status = reply.raw.statusCode;
      deps.metrics.http(route, req.method, status, seconds);
      const q = req.url.indexOf('?');
      deps.log.logRequest({
        at,
        requestId: req.id,
        method: req.method,
        route,
        path: (q === -1 ? req.url : req.url.slice(0, q)).slice(0, 500),
        status,
        user: req.principal?.user,
        sessionId: sessionOf(req),
        remote: req.socket.remoteAddress,
        latencyMs: seconds * 1000,
      });
    });
    done();
  });
}
