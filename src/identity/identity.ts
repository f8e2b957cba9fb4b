import type { IncomingHttpHeaders } from 'node:http';
import { err, ok, type Result } from '../core/index.js';
import type { IdentityConfig } from '../config/schema.js';
import type { Store } from '../store/store.js';
import { secretEquals } from './api-key-format.js';
import { ApiKeys, isRefusal } from './api-keys.js';
import { isLoopbackHost } from './loopback.js';
import { createOidcVerifier, isTokenRefusal, type OidcVerifier } from './oidc.js';
import { presentedCredential } from './presented-credential.js';
import { allowsSurface, LOCAL_PRINCIPAL, type AuthFailure, type Authenticator, type Principal } from './principal.js';
import { requestBase, resourceMetadata, resourceMetadataUrl } from './protected-resource.js';
import { wwwAuthenticate, type Challenge } from './www-authenticate.js';

/** Where an authenticator guards: the scope a key needs (`mcp`, `llm`, `admin`) and the resource's path. */
export interface Surface {
  readonly scope: string;
  /** The protected resource's path, e.g. `/mcp`; names its RFC 9728 document. */
  readonly resourcePath: string;
}

/** Options for `createIdentity`. */
export interface IdentityOptions {
  readonly config: IdentityConfig;
  readonly store: Store;
  /** The address the server binds; decides whether local mode is allowed. */
  readonly host: string;
  /** Base URL used when a request's Host header is unusable. */
  readonly fallbackBase: string;
  readonly now?: (() => number) | undefined;
  /** Operator-facing warnings (OIDC discovery failures); never given a credential. */
  readonly onWarning?: ((message: string) => void) | undefined;
  /** Replaces the OIDC verifier (tests of the wiring only). */
  readonly oidc?: OidcVerifier | undefined;
}

/** Identity for the whole gateway: one per runtime, authenticators made per surface at startup. */
export interface Identity {
  /** True when credential-less requests are the `local` user (loopback, nothing configured). */
  readonly local: boolean;
  readonly apiKeys: ApiKeys;
  /** An authenticator for one surface. */
  authenticator(surface: Surface): Authenticator;
  /** The admin API's authenticator: the admin token, or a principal in the admin group. Never local. */
  readonly admin: Authenticator;
  /** The RFC 9728 document for the resource at `path`. */
  metadata(headers: IncomingHttpHeaders, path: string): Record<string, unknown>;
}

/**
 * Decides the mode for a bind address: local mode only on loopback. With nothing configured on a network
 * address, refusing to start is the safe choice: silently serving everyone as `local` would expose every
 * upstream credential and the policy's trust to the network, and a random key printed at startup is easy
 * to miss in logs.
 */
export function identityMode(config: IdentityConfig, host: string): Result<'local' | 'required', string> {
  if (config.oidc !== undefined || config.required) return ok('required');
  if (isLoopbackHost(host)) return ok('local');
  return err(
    `refusing to listen on ${host} without identity: set identity.oidc (bearer tokens) or identity.required: true ` +
      '(API keys from `rampart keys create`), or bind to 127.0.0.1',
  );
}

/** Builds the gateway's identity; fails when the mode is not allowed for the bind address. */
export function createIdentity(opts: IdentityOptions): Result<Identity, string> {
  const mode = identityMode(opts.config, opts.host);
  if (!mode.ok) return mode;
  const { config } = opts;
  const local = mode.value === 'local';
  const apiKeys = new ApiKeys({ store: opts.store, now: opts.now });
  const o = config.oidc;
  const oidc =
    opts.oidc ??
    (o === undefined
      ? undefined
      : createOidcVerifier({
          issuer: o.issuer,
          audience: typeof o.audience === 'string' ? [o.audience] : o.audience,
          userClaim: o.userClaim,
          groupsClaim: o.groupsClaim,
          teamClaim: o.teamClaim,
          clockSkewSeconds: o.clockSkewSeconds,
          jwksCooldownSeconds: o.jwksCooldownSeconds,
          requiredScopes: o.requiredScopes,
          now: opts.now,
          onDiscoveryError: (e) => opts.onWarning?.(`OIDC discovery for ${o.issuer} failed: ${e instanceof Error ? e.message : String(e)}`),
        }));
  const scopes = o?.requiredScopes ?? [];
  const base = (headers: IncomingHttpHeaders): string => requestBase(headers, config.publicUrl, opts.fallbackBase);

  const failure = (status: 401 | 403 | 503, c: Omit<Challenge, 'resourceMetadata'> & { readonly description: string }, metadataUrl: string): AuthFailure => ({
    kind: 'auth-failure',
    status,
    code: status === 401 ? 'UNAUTHORIZED' : status === 403 ? 'FORBIDDEN' : 'UNAVAILABLE',
    message: c.description,
    wwwAuthenticate: status === 503 ? undefined : wwwAuthenticate({ ...c, resourceMetadata: metadataUrl }),
  });

  /** Authenticates without the surface check; `allowLocal` false for the admin API. */
  const identify = async (headers: IncomingHttpHeaders, metadataUrl: string, allowLocal: boolean): Promise<Principal | AuthFailure> => {
    const cred = presentedCredential(headers);
    switch (cred.kind) {
      case 'none':
        if (local && allowLocal) return LOCAL_PRINCIPAL;
        // MCP 2025-11-25: a 401 may name the scopes needed, so a client can ask for them up front.
        return failure(401, { description: 'authentication required', scope: scopes.length > 0 ? scopes.join(' ') : undefined }, metadataUrl);
      case 'malformed':
        return failure(401, { error: 'invalid_request', description: cred.reason }, metadataUrl);
      case 'api-key': {
        const r = await apiKeys.verify(cred.value);
        return isRefusal(r) ? failure(401, { error: 'invalid_token', description: r.description }, metadataUrl) : r;
      }
      case 'bearer': {
        if (oidc !== undefined) {
          const r = await oidc(cred.value);
          if (!isTokenRefusal(r)) return r;
          const scope = r.error === 'insufficient_scope' ? scopes.join(' ') : undefined;
          return failure(r.status, { error: r.error, description: r.description, scope }, metadataUrl);
        }
        // Local mode: a non-Rampart bearer is the caller's provider key, meant for the upstream.
        if (local && allowLocal) return LOCAL_PRINCIPAL;
        return failure(401, { error: 'invalid_token', description: 'bearer tokens are not accepted here; use an API key' }, metadataUrl);
      }
      default: {
        const never: never = cred;
        return never;
      }
    }
  };

  const adminToken = config.adminToken;
  const admin: Authenticator = async (req) => {
    const metadataUrl = resourceMetadataUrl(base(req.headers), '/admin');
    const cred = presentedCredential(req.headers);
    if (adminToken !== undefined && cred.kind === 'bearer' && secretEquals(cred.value, adminToken)) {
      return { user: 'admin', groups: [], via: 'api-key', scopes: ['admin'], keyId: undefined };
    }
    const p = await identify(req.headers, metadataUrl, false);
    if ('kind' in p) return p;
    const inGroup = config.adminGroup !== undefined && p.groups.includes(config.adminGroup);
    if (inGroup && allowsSurface(p, 'admin')) return p;
    return failure(403, { error: 'insufficient_scope', description: 'admin access required', scope: 'admin' }, metadataUrl);
  };

  return ok({
    local,
    apiKeys,
    admin,
    authenticator(surface) {
      return async (req) => {
        const metadataUrl = resourceMetadataUrl(base(req.headers), surface.resourcePath);
        const p = await identify(req.headers, metadataUrl, true);
        if ('kind' in p || allowsSurface(p, surface.scope)) return p;
        return failure(403, { error: 'insufficient_scope', description: `key not valid for ${surface.scope}`, scope: surface.scope }, metadataUrl);
      };
    },
    metadata(headers, path) {
      return resourceMetadata(base(headers), path, { issuer: o?.issuer, scopes });
    },
  });
}
