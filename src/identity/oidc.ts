import { createRemoteJWKSet, errors, jwtVerify, type JWTPayload } from 'jose';
import { discoverIssuer } from './oidc-discovery.js';
import type { Principal } from './principal.js';

/** How OIDC bearer tokens are checked and mapped to a principal. */
export interface OidcOptions {
  readonly issuer: string;
  /** The resource identifiers this gateway answers to (RFC 8707): a token's `aud` must name one of them. */
  readonly audience: readonly string[];
  /** Claim holding the user name (`sub`, `email`, `preferred_username`, …); dotted paths reach nested claims. */
  readonly userClaim: string;
  /** Claim holding the groups: an array of strings or one space-separated string; dotted paths allowed. */
  readonly groupsClaim: string;
  /** Claim naming the user's team, whose LLM budgets their spend counts against (a string); dotted paths allowed. */
  readonly teamClaim?: string | undefined;
  /** Tolerated clock difference for `exp`/`nbf`/`iat`, seconds. */
  readonly clockSkewSeconds: number;
  /** Least time between two JWKS refetches caused by an unknown `kid` (jose `cooldownDuration`), seconds. */
  readonly jwksCooldownSeconds: number;
  /** Scopes a token must all carry (`scope` or `scp`); empty = none required. */
  readonly requiredScopes: readonly string[];
  /** Timeout for discovery and JWKS fetches, ms. */
  readonly fetchTimeoutMs?: number | undefined;
  /** The clock for `exp`/`nbf`; injected so tests never sleep. */
  readonly now?: (() => number) | undefined;
  /** Told why discovery failed (a misconfigured issuer shows here; clients only see a 503). */
  readonly onDiscoveryError?: ((e: unknown) => void) | undefined;
  /** Most verified tokens remembered (default 10,000); 0 disables the cache. */
  readonly cacheSize?: number | undefined;
}

/**
 * How long a verified token is remembered, at most (and never past its `exp`). Clients send the same token on
 * every request; re-verifying an RS256 signature each time costs ~0.1 ms and a thread-pool hop. The price:
 * a token signed by a key the issuer has just withdrawn stays accepted for up to this long once jose has
 * refetched the JWKS (which it does on an unknown `kid`, or after its own 10-minute `cacheMaxAge`).
 */
const CACHE_MS = 60_000;

/** Why a token was refused: `status` 401 (bad token), 403 (missing scope) or 503 (issuer unreachable). */
export interface TokenRefusal {
  readonly status: 401 | 403 | 503;
  readonly error: 'invalid_token' | 'insufficient_scope' | undefined;
  readonly description: string;
}

/** Verifies a bearer token: a principal, or why not. Never throws. */
export type OidcVerifier = (token: string) => Promise<Principal | TokenRefusal>;

/**
 * Only asymmetric algorithms: an `HS256` token would be checked against a public key used as an HMAC secret
 * (the classic algorithm-confusion attack), and `none` is never acceptable.
 */
const ALGORITHMS = ['RS256', 'RS384', 'RS512', 'PS256', 'PS384', 'PS512', 'ES256', 'ES384', 'ES512', 'EdDSA'];
const JWS_SHAPE = /^[\w-]+\.[\w-]+\.[\w-]+$/;

/**
 * An OIDC access-token verifier (RFC 9068 profile, without insisting on `typ: at+jwt`, which many issuers
 * do not set): discovery on first use (retried on failure, so startup does not need the issuer up), the
 * issuer's JWKS via jose (cached; an unknown `kid` refetches it, which is how key rotation is picked up),
 * signature, `iss`, `aud`, `exp`/`nbf` with clock skew, then claims to user and groups.
 * @see https://modelcontextprotocol.io/specification/2025-06-18/basic/authorization#token-handling
 */
export function createOidcVerifier(opts: OidcOptions): OidcVerifier {
  const now = opts.now ?? Date.now;
  const timeout = opts.fetchTimeoutMs ?? 5000;
  let keys: Promise<ReturnType<typeof createRemoteJWKSet>> | undefined;
  const jwks = (): Promise<ReturnType<typeof createRemoteJWKSet>> => {
    keys ??= discoverIssuer(opts.issuer, timeout).then(
      (m) => createRemoteJWKSet(new URL(m.jwksUri), { cooldownDuration: opts.jwksCooldownSeconds * 1000, timeoutDuration: timeout }),
      (e: unknown) => {
        keys = undefined; // the next request tries again
        opts.onDiscoveryError?.(e);
        throw e;
      },
    );
    return keys;
  };

  const maxCached = opts.cacheSize ?? 10_000;
  const cache = new Map<string, { readonly principal: Principal; readonly until: number }>();

  return async (token) => {
    const hit = cache.get(token);
    if (hit !== undefined) {
      if (now() < hit.until) return hit.principal;
      cache.delete(token);
    }
    if (!JWS_SHAPE.test(token)) return invalid('token is not a signed JWT');
    let payload: JWTPayload;
    try {
      const keySet = await jwks();
      ({ payload } = await jwtVerify(token, keySet, {
        issuer: opts.issuer,
        audience: [...opts.audience],
        algorithms: ALGORITHMS,
        clockTolerance: opts.clockSkewSeconds,
        currentDate: new Date(now()),
        requiredClaims: ['exp'],
      }));
    } catch (e) {
      return refusal(e);
    }
    const user = claimAt(payload, opts.userClaim);
    if (typeof user !== 'string' || user === '') return invalid(`token has no ${opts.userClaim} claim`);
    const missing = opts.requiredScopes.filter((s) => !tokenScopes(payload).includes(s));
    if (missing.length > 0) return { status: 403, error: 'insufficient_scope', description: `token lacks scope ${missing.join(' ')}` };
    const team = opts.teamClaim === undefined ? undefined : claimAt(payload, opts.teamClaim);
    const principal: Principal = {
      user,
      groups: groupsOf(claimAt(payload, opts.groupsClaim)),
      via: 'oidc',
      scopes: undefined,
      keyId: undefined,
      // A team that is not one plain string is no team: better no team budget than one chosen by accident.
      team: typeof team === 'string' && team !== '' ? team : undefined,
    };
    if (maxCached > 0 && payload.exp !== undefined) {
      // Insertion order makes the Map a FIFO: the oldest entry goes when full (bounded, STYLE.md §5).
      if (cache.size >= maxCached) cache.delete(cache.keys().next().value ?? '');
      cache.set(token, { principal, until: Math.min(payload.exp * 1000, now() + CACHE_MS) });
    }
    return principal;
  };
}

/** True when the verifier refused the token. */
export function isTokenRefusal(x: Principal | TokenRefusal): x is TokenRefusal {
  return 'status' in x;
}

function invalid(description: string): TokenRefusal {
  return { status: 401, error: 'invalid_token', description };
}

/** Maps jose's errors to safe descriptions; anything that is not about the token is an issuer outage. */
function refusal(e: unknown): TokenRefusal {
  if (e instanceof errors.JWTExpired) return invalid('token expired');
  if (e instanceof errors.JWTClaimValidationFailed) {
    switch (e.claim) {
      case 'aud':
        return invalid('token audience is not this resource');
      case 'iss':
        return invalid('token issuer is not trusted');
      case 'nbf':
        return invalid('token not yet valid');
      default:
        return invalid(`token claim ${e.claim} invalid`);
    }
  }
  if (e instanceof errors.JWKSNoMatchingKey) return invalid('token signed by an unknown key');
  if (e instanceof errors.JWSSignatureVerificationFailed) return invalid('token signature invalid');
  if (e instanceof errors.JWKSTimeout || e instanceof errors.JWKSInvalid) return { status: 503, error: undefined, description: 'identity provider unavailable' };
  if (e instanceof errors.JOSEError) return invalid('token invalid');
  return { status: 503, error: undefined, description: 'identity provider unavailable' };
}

function claimAt(payload: JWTPayload, path: string): unknown {
  let v: unknown = payload;
  for (const part of path.split('.')) {
    if (v === null || typeof v !== 'object') return undefined;
    v = (v as Record<string, unknown>)[part];
  }
  return v;
}

function groupsOf(v: unknown): readonly string[] {
  if (typeof v === 'string') return v.split(' ').filter((g) => g !== '');
  if (Array.isArray(v)) return v.filter((g): g is string => typeof g === 'string');
  return [];
}

function tokenScopes(payload: JWTPayload): readonly string[] {
  const { scope, scp } = payload as { scope?: unknown; scp?: unknown };
  if (typeof scope === 'string') return scope.split(' ');
  return groupsOf(scp);
}
