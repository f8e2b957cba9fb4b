import type { IncomingMessage } from 'node:http';
import { isAuthFailure, type AuthFailure, type Principal } from '../identity/principal.js';

export type { AuthFailure, Principal } from '../identity/principal.js';

/** Resolves the caller of one HTTP request: the identity module's authenticator for the `mcp` surface. */
export type Authenticate = (req: IncomingMessage) => Promise<Principal | AuthFailure>;

/** Narrows an `Authenticate` answer. */
export function isPrincipal(p: Principal | AuthFailure): p is Principal {
  return !isAuthFailure(p);
}
