import type { IncomingMessage } from 'node:http';

/**
 * Who is calling. The identity module (issue 4 §3) provides the same shape after the merge; until then the
 * gateway takes it through an injected `Authenticate` function.
 */
export interface Principal {
  readonly user: string;
  readonly groups: readonly string[];
  readonly via: 'api-key' | 'oidc' | 'local';
}

/** Why a request was not authenticated; rendered as 401 with `WWW-Authenticate` by the identity module. */
export interface AuthFailure {
  readonly failure: string;
}

/** Resolves the caller of one HTTP request. */
export type Authenticate = (req: IncomingMessage) => Promise<Principal | AuthFailure>;

const LOOPBACK = new Set(['127.0.0.1', '::1', '::ffff:127.0.0.1']);

/**
 * The default before identity lands: a `local` principal (the OS user) for loopback callers, a failure for
 * anyone else, so a gateway bound to a public address is not open by accident.
 */
export const loopbackOnly: Authenticate = (req) => {
  const addr = req.socket.remoteAddress ?? '';
  if (LOOPBACK.has(addr)) return Promise.resolve({ user: process.env['USER'] ?? 'local', groups: [], via: 'local' });
  return Promise.resolve({ failure: 'authentication required: only loopback callers are served without identity' });
};

/** Narrows an `Authenticate` answer. */
export function isPrincipal(p: Principal | AuthFailure): p is Principal {
  return (p as Principal).user !== undefined;
}
