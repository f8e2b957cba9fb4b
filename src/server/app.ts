import Fastify, { type FastifyError, type FastifyInstance } from 'fastify';
import { ERROR_CODES, GatewayError, toGatewayError, type ErrorCode } from '../core/index.js';
import { registerHookRoutes } from '../hooks/handler.js';
import { adminRoutes } from './admin-routes.js';
import { withAuth } from './require-auth.js';
import { registerLlmRoutes } from '../llm/handler.js';
import { EventInputSchema } from './event-schema.js';
import type { Authenticate } from '../mcp/principal.js';
import { mcpEdge, mcpRoutes } from './mcp-routes.js';
import type { CoverageEntry } from '../store/store.js';
import type { Runtime } from './runtime.js';
import { installRequestLog, watchRequest } from './request-log.js';
import { queryOf, serveFirst } from './serve-first.js';
import { toEventInput } from './to-event-input.js';
import { wellKnownRoutes } from './well-known-routes.js';

/** Maps Fastify's own error codes onto the error table, so every error leaves in one shape. */
const FASTIFY_CODES: Readonly<Record<string, ErrorCode>> = {
  FST_ERR_CTP_BODY_TOO_LARGE: 'PAYLOAD_TOO_LARGE',
  FST_ERR_CTP_INVALID_MEDIA_TYPE: 'UNSUPPORTED_MEDIA_TYPE',
  FST_ERR_CTP_EMPTY_JSON_BODY: 'BAD_REQUEST',
  FST_ERR_CTP_INVALID_CONTENT_LENGTH: 'BAD_REQUEST',
};

function fromFastify(e: FastifyError): GatewayError {
  const code = FASTIFY_CODES[e.code] ?? (e instanceof SyntaxError || e.code === 'FST_ERR_CTP_INVALID_JSON_BODY' ? 'PARSE_ERROR' : undefined);
  if (code !== undefined) return new GatewayError(code, e.message, { cause: e });
  if (e.statusCode !== undefined && e.statusCode < 500) return new GatewayError('BAD_REQUEST', e.message, { cause: e });
  return toGatewayError(e);
}

/**
 * The HTTP edge: `/healthz` and `POST /v1/events` (normalized events in, the decision out), shared by the
 * surfaces of later issues. Errors leave as `{ error: { code, message, requestId } }` with the status from the
 * error table; unexposed errors carry a generic message and the request id only.
 */
export function createApp(rt: Runtime, opts: { authenticate?: Authenticate | undefined } = {}): FastifyInstance {
  const app = Fastify({ bodyLimit: rt.config.server.maxBodyBytes, logger: false, return503OnClosing: true });

  app.setErrorHandler((thrown: FastifyError, req, reply) => {
    const e = thrown instanceof GatewayError ? thrown : fromFastify(thrown);
    const message = e.expose ? e.message : 'internal error';
    void reply.status(ERROR_CODES[e.code].http).send({ error: { code: e.code, message, requestId: req.id, details: e.expose ? e.details : undefined } });
  });
  app.setNotFoundHandler((req, reply) => {
    void reply.status(404).send({ error: { code: 'NOT_FOUND', message: `no route for ${req.method} ${req.url}`, requestId: req.id } });
  });

  // Who is calling, once a guard has authenticated the request (read by the request log).
  app.decorateRequest('principal', undefined);
  const logDeps = { log: rt.requests, metrics: rt.metrics };
  installRequestLog(app, logDeps);
  // Prometheus scrape: the `metrics` surface (local on loopback with no identity; else a key with that scope).
  void app.register(
    withAuth({ authenticate: rt.identity.authenticator({ scope: 'metrics', resourcePath: '/metrics' }) }, (scope) => {
      scope.get('/metrics', async (_req, reply) => {
        const { contentType, body } = await rt.metrics.scrape();
        return reply.header('content-type', contentType).send(body);
      });
    }),
  );

  app.get('/healthz', async () => {
    const s = rt.engine.stats();
    const w = rt.writer.stats;
    const upstreams: Record<string, { state: string; tools: number; restarts: number }> = {};
    for (const [name, u] of rt.registry.upstreams) upstreams[name] = { state: u.state, tools: u.tools.length, restarts: u.restarts };
    return {
      status: 'ok',
      sessions: s.sessions,
      events: s.events,
      store: { queued: w.queued, written: w.written, dropped: w.dropped },
      mcp: { sessions: rt.mcp.sessions, upstreams, hidden: rt.registry.hidden().length },
    };
  });

  // The data plane is authenticated like every other surface: local on loopback with no identity configured,
  // otherwise an API key or OIDC token. An authenticated caller's user replaces whatever the event claims.
  void app.register(
    withAuth({ authenticate: rt.identity.authenticator({ scope: 'events', resourcePath: '/v1/events' }) }, (scope) => {
      scope.post('/v1/events', async (req) => {
        const parsed = EventInputSchema.safeParse(req.body);
        if (!parsed.success) {
          const issues = parsed.error.issues.map((i) => ({ path: i.path.join('.'), message: i.message }));
          const first = issues[0];
          throw new GatewayError('INVALID_PARAMS', first === undefined ? 'invalid event' : `${first.path || '(body)'}: ${first.message}`, { details: issues });
        }
        const input = toEventInput(parsed.data);
        const p = req.principal;
        const rec = rt.engine.process(p === undefined || p.via === 'local' ? input : { ...input, actor: { user: p.user, agent: input.actor?.agent } });
        return { event: { id: rec.event.id, sessionId: rec.event.sessionId, seq: rec.event.seq, kind: rec.event.kind }, decision: rec.decision };
      });
    }),
  );

  const coverage = registerHookRoutes(app, rt, { authenticate: rt.identity.authenticator({ scope: 'hooks', resourcePath: '/v1/hooks' }) });
  wellKnownRoutes(app, rt.identity);
  const listCoverage = async (): Promise<readonly CoverageEntry[]> => {
    await coverage.flush();
    return rt.store.listCoverage();
  };
  void app.register(adminRoutes({ identity: rt.identity, vault: rt.vault, registry: rt.registry, store: rt.store, quota: rt.quota, coverage: listCoverage }), { prefix: '/admin/v1' });

  const llmEdge = registerLlmRoutes(app, rt, {
    authenticate: rt.identity.authenticator({ scope: 'llm', resourcePath: '/v1' }),
    watch: (req, res, seen) => {
      watchRequest(logDeps, res, () => {
        const s = seen();
        return { id: s.id, method: 'POST', url: req.url ?? '', headers: req.headers, route: s.route, user: s.user, query: queryOf(req.url ?? ''), remote: req.socket.remoteAddress };
      });
    },
  });
  const mcpAuth = rt.identity.authenticator({ scope: 'mcp', resourcePath: '/mcp' });
  const authenticate: Authenticate =
    opts.authenticate ?? ((req) => mcpAuth(req.socket.remoteAddress === undefined ? { headers: req.headers } : { headers: req.headers, ip: req.socket.remoteAddress }));
  const mcp = { gateway: rt.mcp, authenticate, bodyLimit: rt.config.server.maxBodyBytes };
  const mcpFirst = mcpEdge(app, {
    ...mcp,
    watch: (req, res, seen) => {
      watchRequest(logDeps, res, () => {
        const s = seen();
        return { id: s.id, method: 'POST', url: req.url ?? '', headers: req.headers, route: s.route, user: s.user, query: queryOf(req.url ?? ''), remote: req.socket.remoteAddress };
      });
    },
  });
  serveFirst(app, (req, res) => llmEdge(req, res) || mcpFirst(req, res));
  // Open MCP streams (a session's GET stream) would hold `close` until they end: end the sessions first.
  app.addHook('preClose', async () => rt.mcp.close());
  void app.register(mcpRoutes(mcp));

  return app;
}
