import type { IncomingHttpHeaders } from 'node:http';
import type { ErrorCode, LimitSet } from '../core/index.js';

/**
 * Who is calling: the result of authentication, shared by the MCP and LLM gateways and the admin API.
 * `via` says how it was established; `local` is the loopback-only mode with no identity configured.
 */
export interface Principal {
  readonly user: string;
  readonly groups: readonly string[];
  readonly via: 'api-key' | 'oidc' | 'local';
  /**
   * What an API key is limited to (`mcp`, `mcp:<server>`, `llm`, `admin`); absent = unrestricted. The
   * authenticator already checked the surface; a gateway narrows further with `allowsScope`.
   */
  readonly scopes?: readonly string[] | undefined;
  /** The API key's public id (`rk_<id>`), for audit and budgets; absent for other kinds. */
  readonly keyId?: string | undefined;
  /** The API key's team, whose budgets its spend also counts against. */
  readonly team?: string | undefined;
  /** The API key's own budget, rate limits and allowed models. */
  readonly limits?: LimitSet | undefined;
}

/** Why a request was not authenticated, and what to answer: status, error-table code, challenge header. */
export interface AuthFailure {
  readonly kind: 'auth-failure';
  readonly status: 401 | 403 | 503;
  readonly code: Extract<ErrorCode, 'UNAUTHORIZED' | 'FORBIDDEN' | 'UNAVAILABLE'>;
  /** Safe to show the client (RFC 6750 `error_description`): it never echoes the credential. */
  readonly message: string;
  /** The `WWW-Authenticate` value to send (RFC 6750 §3, RFC 9728 §5.1); undefined for 503. */
  readonly wwwAuthenticate: string | undefined;
}

/** The request as authentication sees it: headers and the peer address, no framework types. */
export interface AuthRequest {
  readonly headers: IncomingHttpHeaders;
  readonly ip?: string | undefined;
}

/** Authenticates one request. Never throws: an outage of the identity provider is a 503 `AuthFailure`. */
export type Authenticator = (req: AuthRequest) => Promise<Principal | AuthFailure>;

/** True for the failure half of an `Authenticator`'s answer. */
export function isAuthFailure(x: Principal | AuthFailure): x is AuthFailure {
  return (x as Partial<AuthFailure>).kind === 'auth-failure';
}

/** The principal of local mode (loopback, no identity configured). */
export const LOCAL_PRINCIPAL: Principal = Object.freeze({
  user: 'local',
  groups: Object.freeze([]) as readonly string[],
  via: 'local',
  scopes: undefined,
  keyId: undefined,
  team: undefined,
  limits: undefined,
});

/**
 * Whether a principal may use `scope` (e.g. `mcp:github`). Unrestricted principals may use anything; a key
 * scoped `mcp` covers every `mcp:<server>`; a key scoped `mcp:github` covers only that server.
 */
export function allowsScope(p: Principal, scope: string): boolean {
  if (p.scopes === undefined) return true;
  for (const s of p.scopes) {
    if (s === scope || scope.startsWith(`${s}:`)) return true;
  }
  return false;
}

/** Whether a principal may reach a surface at all: any scope equal to it or naming one of its servers. */
export function allowsSurface(p: Principal, surface: string): boolean {
  if (p.scopes === undefined) return true;
  return p.scopes.some((s) => s === surface || s.startsWith(`${surface}:`));
}
