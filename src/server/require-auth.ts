import type { FastifyInstance, FastifyPluginAsync, FastifyReply, FastifyRequest } from 'fastify';
import { isAuthFailure, type AuthFailure, type Authenticator, type Principal } from '../identity/principal.js';

declare module 'fastify' {
  interface FastifyRequest {
    /** Who made the request, set by `requireAuth` on the routes it guards; undefined elsewhere. */
    principal: Principal | undefined;
  }
}

/** Renders an authentication failure as the route's wire format; the hook sets status and challenge. */
export type AuthFailureRenderer = (failure: AuthFailure, req: FastifyRequest) => unknown;

/** Options for `requireAuth`. */
export interface RequireAuthOptions {
  readonly authenticate: Authenticator;
  /** The body of a 401/403/503; defaults to `{ error: { code, message, requestId } }`. */
  readonly onFailure?: AuthFailureRenderer | undefined;
  /**
   * `onRequest` (default) answers before the body is read, so an unauthenticated client cannot make us
   * buffer or parse anything; `preHandler` when the renderer needs the parsed body (a JSON-RPC id).
   */
  readonly stage?: 'onRequest' | 'preHandler' | undefined;
}

/** Our own error shape (the one `app.ts` uses for every error). */
export const defaultAuthFailureBody: AuthFailureRenderer = (f, req) => ({ error: { code: f.code, message: f.message, requestId: req.id } });

/**
 * Guards every route of one Fastify scope (an encapsulated plugin, so the guard follows the router's own
 * matching rather than a string prefix that URL encoding could dodge): authenticates, sets
 * `req.principal`, or answers the failure with its status and `WWW-Authenticate`.
 */
export function requireAuth(scope: FastifyInstance, opts: RequireAuthOptions): void {
  if (!scope.hasRequestDecorator('principal')) scope.decorateRequest('principal', undefined);
  const render = opts.onFailure ?? defaultAuthFailureBody;
  const hook = async (req: FastifyRequest, reply: FastifyReply): Promise<FastifyReply | undefined> => {
    const r = await opts.authenticate({ headers: req.headers, ip: req.ip });
    if (!isAuthFailure(r)) {
      req.principal = r;
      return undefined;
    }
    if (r.wwwAuthenticate !== undefined) void reply.header('www-authenticate', r.wwwAuthenticate);
    return reply.code(r.status).header('cache-control', 'no-store').send(render(r, req));
  };
  if (opts.stage === 'preHandler') scope.addHook('preHandler', hook);
  else scope.addHook('onRequest', hook);
}

/**
 * A plugin factory: `app.register(withAuth(opts, routes), { prefix: '/mcp' })` guards every route that
 * `routes` adds under the prefix.
 */
export function withAuth(opts: RequireAuthOptions, routes: (scope: FastifyInstance) => void | Promise<void>): FastifyPluginAsync {
  return async (scope) => {
    requireAuth(scope, opts);
    await routes(scope);
  };
}
