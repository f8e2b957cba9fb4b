import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { exportJWK, generateKeyPair, type JWK } from 'jose';
import Provider from 'oidc-provider';

/** A client of the test issuer and the claims its access tokens carry besides `sub` (= the client id). */
export interface TestClient {
  readonly id: string;
  readonly secret: string;
  readonly claims?: Readonly<Record<string, unknown>> | undefined;
}

/** A real OpenID provider (panva/oidc-provider) on a random loopback port, issuing JWT access tokens. */
export interface TestIssuer {
  readonly issuer: string;
  /** An access token via the client credentials grant, for `resource` (RFC 8707), as a JWT. */
  token(clientId: string, resource: string, scope?: string): Promise<string>;
  /** Replaces the signing keys: a new key signs, the old one leaves the JWKS. */
  rotate(): Promise<void>;
  /** How many times the JWKS was fetched. */
  readonly jwksFetches: number;
  close(): Promise<void>;
}

async function signingKey(): Promise<JWK> {
  const { privateKey } = await generateKeyPair('RS256', { extractable: true });
  const jwk = await exportJWK(privateKey);
  return { ...jwk, kid: `k-${Math.random().toString(36).slice(2, 10)}`, alg: 'RS256', use: 'sig' };
}

/**
 * Starts the issuer. `issuerOverride` serves under another issuer name (for a wrong-`iss` token signed with
 * keys the verifier trusts: pass `keys` from the first issuer).
 */
export async function startIssuer(opts: { clients: readonly TestClient[]; keys?: readonly JWK[]; issuerName?: (port: number) => string }): Promise<TestIssuer & { readonly keys: readonly JWK[] }> {
  let handler: (req: IncomingMessage, res: ServerResponse) => void = (_req, res) => res.end();
  let jwksFetches = 0;
  const server: Server = createServer((req, res) => {
    if (req.url === '/jwks') jwksFetches++;
    handler(req, res);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const port = (server.address() as AddressInfo).port;
  const url = `http://127.0.0.1:${port}`;
  const issuer = opts.issuerName?.(port) ?? url;
  const claimsOf = new Map(opts.clients.map((c) => [c.id, c.claims ?? {}]));
  let keys: readonly JWK[] = opts.keys ?? [await signingKey()];

  const build = (): void => {
    const provider = new Provider(issuer, {
      jwks: { keys },
      clients: opts.clients.map((c) => ({ client_id: c.id, client_secret: c.secret, grant_types: ['client_credentials'], response_types: [], redirect_uris: [] })),
      features: {
        clientCredentials: { enabled: true },
        devInteractions: { enabled: false },
        resourceIndicators: {
          enabled: true,
          useGrantedResource: () => true,
          getResourceServerInfo: (_ctx: unknown, resource: string) => ({ scope: 'mcp llm', audience: resource, accessTokenFormat: 'jwt', accessTokenTTL: 300 }),
        },
      },
      ttl: { ClientCredentials: 300 },
      extraTokenClaims: (_ctx: unknown, token: { clientId?: string }) => claimsOf.get(token.clientId ?? '') ?? {},
    });
    handler = provider.callback();
  };
  build();

  return {
    issuer,
    get keys() {
      return keys;
    },
    get jwksFetches() {
      return jwksFetches;
    },
    async token(clientId, resource, scope = 'mcp') {
      const client = opts.clients.find((c) => c.id === clientId);
      if (client === undefined) throw new Error(`no client ${clientId}`);
      const res = await fetch(`${url}/token`, {
        method: 'POST',
        headers: { 'content-type': 'application/x-www-form-urlencoded', authorization: `Basic ${Buffer.from(`${client.id}:${client.secret}`).toString('base64')}` },
        body: new URLSearchParams({ grant_type: 'client_credentials', resource, scope }).toString(),
      });
      const body = (await res.json()) as { access_token?: string; error?: string; error_description?: string };
      if (body.access_token === undefined) throw new Error(`token endpoint: ${res.status} ${body.error ?? ''} ${body.error_description ?? ''}`);
      return body.access_token;
    },
    async rotate() {
      keys = [await signingKey()];
      build();
    },
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}
