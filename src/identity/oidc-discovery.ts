import { isLoopbackHost } from './loopback.js';

/**
 * OpenID Connect discovery (OIDC Discovery 1.0 §4, RFC 8414 §3): the issuer's metadata document, from which
 * only `issuer` and `jwks_uri` are read. The document's `issuer` must equal the configured one exactly
 * (OIDC Discovery §4.3), or a look-alike issuer could hand us its own keys.
 */
export interface IssuerMetadata {
  readonly issuer: string;
  readonly jwksUri: string;
}

/** Fetches and checks the issuer's metadata; rejects with a message naming what was wrong. */
export async function discoverIssuer(issuer: string, timeoutMs: number): Promise<IssuerMetadata> {
  assertSecureUrl(issuer, 'issuer');
  const base = issuer.endsWith('/') ? issuer.slice(0, -1) : issuer;
  const url = `${base}/.well-known/openid-configuration`;
  const res = await fetch(url, { signal: AbortSignal.timeout(timeoutMs), headers: { accept: 'application/json' } });
  if (!res.ok) throw new Error(`discovery at ${url} answered ${res.status}`);
  const doc = (await res.json()) as { readonly issuer?: unknown; readonly jwks_uri?: unknown };
  if (doc.issuer !== issuer) throw new Error(`discovery at ${url} names issuer ${JSON.stringify(doc.issuer)}, expected ${issuer}`);
  if (typeof doc.jwks_uri !== 'string') throw new Error(`discovery at ${url} has no jwks_uri`);
  assertSecureUrl(doc.jwks_uri, 'jwks_uri');
  return { issuer, jwksUri: doc.jwks_uri };
}

/**
 * Keys fetched over plain HTTP could be swapped by anyone on the path, so the issuer and its JWKS must be
 * https; loopback is exempt (a local IdP in development, and the tests' real provider).
 */
export function assertSecureUrl(url: string, what: string): void {
  const u = new URL(url);
  if (u.protocol === 'https:') return;
  if (u.protocol === 'http:' && isLoopbackHost(u.hostname)) return;
  throw new Error(`${what} ${url} must use https`);
}
