import type { JWK } from 'jose';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startIssuer, type TestIssuer } from '../../test/helpers/oidc-issuer.js';
import { createOidcVerifier, isTokenRefusal, type OidcOptions } from './oidc.js';

// Against a real OpenID provider (oidc-provider) issuing real JWT access tokens over HTTP.
const RESOURCE = 'http://gateway.test/mcp';
const CLIENTS = [
  { id: 'ada-agent', secret: 'ada-secret-0123456789', claims: { email: 'ada@example.com', groups: ['dev', 'rampart-admins'], org: { team: 'core' } } },
  { id: 'bare', secret: 'bare-secret-0123456789' },
];

let idp: TestIssuer & { readonly keys: readonly JWK[] };
beforeAll(async () => {
  idp = await startIssuer({ clients: CLIENTS });
});
afterAll(async () => idp.close());

function verifier(over: Partial<OidcOptions> = {}) {
  return createOidcVerifier({
    issuer: idp.issuer,
    audience: [RESOURCE],
    userClaim: 'sub',
    groupsClaim: 'groups',
    clockSkewSeconds: 30,
    jwksCooldownSeconds: 0,
    requiredScopes: [],
    ...over,
  });
}

describe('OIDC bearer tokens from a real provider', () => {
  it('accepts a token for this resource and maps sub and groups', async () => {
    const p = await verifier()(await idp.token('ada-agent', RESOURCE));
    expect(p).toEqual({ user: 'ada-agent', groups: ['dev', 'rampart-admins'], via: 'oidc' });
  });

  it('maps the user from a configured claim and groups from a nested one', async () => {
    const v = verifier({ userClaim: 'email', groupsClaim: 'org.team' });
    expect(await v(await idp.token('ada-agent', RESOURCE))).toEqual({ user: 'ada@example.com', groups: ['core'], via: 'oidc' });
  });

  it('maps the team from a configured claim, and only from a plain string', async () => {
    expect(await verifier({ teamClaim: 'org.team' })(await idp.token('ada-agent', RESOURCE))).toMatchObject({ user: 'ada-agent', team: 'core' });
    expect(await verifier({ teamClaim: 'groups' })(await idp.token('ada-agent', RESOURCE))).toMatchObject({ user: 'ada-agent', team: undefined });
    expect(await verifier()(await idp.token('ada-agent', RESOURCE))).toMatchObject({ team: undefined });
  });

  it('refuses a token whose user claim is missing', async () => {
    const r = await verifier({ userClaim: 'email' })(await idp.token('bare', RESOURCE));
    expect(r).toMatchObject({ status: 401, error: 'invalid_token', description: 'token has no email claim' });
  });

  it('refuses a token issued for another resource (audience)', async () => {
    const r = await verifier()(await idp.token('ada-agent', 'http://other.test/api'));
    expect(r).toMatchObject({ status: 401, error: 'invalid_token', description: 'token audience is not this resource' });
  });

  it('refuses an expired token, within skew still accepts it', async () => {
    const token = await idp.token('ada-agent', RESOURCE); // lives 300 s
    const later = (s: number) => verifier({ now: () => Date.now() + s * 1000 });
    expect(await later(300 + 10)(token)).toMatchObject({ user: 'ada-agent' });
    expect(await later(300 + 60)(token)).toMatchObject({ status: 401, error: 'invalid_token', description: 'token expired' });
  });

  it('refuses a token from another issuer even when signed with a trusted key', async () => {
    // Same signing keys, different issuer name: only the iss check can tell them apart.
    const evil = await startIssuer({ clients: CLIENTS, keys: idp.keys, issuerName: (port) => `http://localhost:${port}` });
    try {
      const r = await verifier()(await evil.token('ada-agent', RESOURCE));
      expect(r).toMatchObject({ status: 401, description: 'token issuer is not trusted' });
    } finally {
      await evil.close();
    }
  });

  it('refuses a token signed by a key the issuer does not publish', async () => {
    const other = await startIssuer({ clients: CLIENTS, issuerName: () => idp.issuer });
    try {
      const r = await verifier()(await other.token('ada-agent', RESOURCE));
      expect(isTokenRefusal(r) && r.status).toBe(401);
      expect(r).toMatchObject({ error: 'invalid_token', description: 'token signed by an unknown key' });
    } finally {
      await other.close();
    }
  });

  it('picks up a rotated key by refetching the JWKS for an unknown kid, and drops the retired one', async () => {
    const v = verifier({ cacheSize: 0 });
    const before = await idp.token('ada-agent', RESOURCE);
    expect(await v(before)).toMatchObject({ user: 'ada-agent' });
    const fetches = idp.jwksFetches;
    await idp.rotate();
    const after = await idp.token('ada-agent', RESOURCE);
    expect(await v(after)).toMatchObject({ user: 'ada-agent' });
    expect(idp.jwksFetches).toBeGreaterThan(fetches);
    expect(await v(before)).toMatchObject({ status: 401, description: 'token signed by an unknown key' });
  });

  it('remembers a verified token for at most a minute and never past its expiry', async () => {
    let t = Date.now();
    const v = verifier({ now: () => t });
    const token = await idp.token('ada-agent', RESOURCE); // lives 300 s
    expect(await v(token)).toMatchObject({ user: 'ada-agent' });
    await idp.rotate(); // its key is withdrawn…
    const fresh = await idp.token('ada-agent', RESOURCE);
    expect(await v(fresh)).toMatchObject({ user: 'ada-agent' }); // …and the new kid made jose refetch the JWKS
    expect(await v(token)).toMatchObject({ user: 'ada-agent' }); // still served from the cache
    t += 61_000;
    expect(await v(token)).toMatchObject({ status: 401, description: 'token signed by an unknown key' });
    t += 300_000; // past exp + skew
    expect(await v(fresh)).toMatchObject({ status: 401, description: 'token expired' });
  });

  it('refuses a token lacking a required scope with 403 insufficient_scope', async () => {
    const r = await verifier({ requiredScopes: ['admin'] })(await idp.token('ada-agent', RESOURCE));
    expect(r).toMatchObject({ status: 403, error: 'insufficient_scope' });
  });

  it('refuses garbage, an unsigned token and a tampered payload', async () => {
    const v = verifier();
    const good = await idp.token('ada-agent', RESOURCE);
    const [h, p, s] = good.split('.') as [string, string, string];
    const claims = JSON.parse(Buffer.from(p, 'base64url').toString()) as Record<string, unknown>;
    const forged = Buffer.from(JSON.stringify({ ...claims, sub: 'root' })).toString('base64url');
    const none = Buffer.from(JSON.stringify({ alg: 'none' })).toString('base64url');
    expect(await v('not-a-jwt')).toMatchObject({ status: 401, description: 'token is not a signed JWT' });
    expect(await v(`${none}.${p}.`)).toMatchObject({ status: 401 });
    expect(await v(`${h}.${forged}.${s}`)).toMatchObject({ status: 401, description: 'token signature invalid' });
  });

  it('answers 503 while the issuer is unreachable, telling the operator why', async () => {
    const warnings: unknown[] = [];
    const v = createOidcVerifier({
      onDiscoveryError: (e) => warnings.push(e),
      issuer: 'http://127.0.0.1:9', // discard port: nothing listens
      audience: [RESOURCE],
      userClaim: 'sub',
      groupsClaim: 'groups',
      clockSkewSeconds: 0,
      jwksCooldownSeconds: 0,
      requiredScopes: [],
      fetchTimeoutMs: 500,
    });
    expect(await v(await idp.token('ada-agent', RESOURCE))).toMatchObject({ status: 503, description: 'identity provider unavailable' });
    expect(warnings).toHaveLength(1);
  });

  it('refuses discovery whose document names another issuer', async () => {
    const warnings: string[] = [];
    // Same server, reached under another name: its metadata says 127.0.0.1, not localhost.
    const v = verifier({ issuer: idp.issuer.replace('127.0.0.1', 'localhost'), onDiscoveryError: (e) => warnings.push(String(e)) });
    expect(await v(await idp.token('ada-agent', RESOURCE))).toMatchObject({ status: 503 });
    expect(warnings[0]).toMatch(/names issuer "http:\/\/127\.0\.0\.1:\d+", expected http:\/\/localhost:\d+/);
  });
});
