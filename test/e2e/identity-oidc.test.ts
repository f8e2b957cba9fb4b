import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startServer } from '../helpers/server.js';
import { startIssuer, type TestIssuer } from '../helpers/oidc-issuer.js';

// The gateway on a network address with OIDC required, a real OpenID provider issuing the tokens.
const CLIENTS = [
  { id: 'olga', secret: 'olga-secret-0123456789', claims: { groups: ['rampart-admins'] } },
  { id: 'dan', secret: 'dan-secret-01234567890', claims: { groups: ['dev'] } },
];
let idp: TestIssuer;
let base: string;
let resource: string;
let close: () => Promise<void>;

beforeAll(async () => {
  idp = await startIssuer({ clients: CLIENTS });
  // The public URL is fixed before the port is known, as behind a reverse proxy.
  resource = 'https://rampart.test/admin';
  const config = {
    data: ':memory:',
    server: { host: '0.0.0.0', port: 0 },
    identity: { publicUrl: 'https://rampart.test', oidc: { issuer: idp.issuer, audience: resource, jwksCooldownSeconds: 0 }, adminGroup: 'rampart-admins' },
  };
  const server = await startServer(config);
  ({ base } = server);
  close = async () => {
    await server.close();
    await idp.close();
  };
});
afterAll(async () => close());

const META = 'resource_metadata="https://rampart.test/.well-known/oauth-protected-resource/admin"';

describe('admin API with OIDC bearer tokens from a real provider', () => {
  it('lets a member of the admin group in', async () => {
    const token = await idp.token('olga', resource);
    const res = await fetch(`${base}/admin/v1/whoami`, { headers: { authorization: `Bearer ${token}` } });
    expect(res.status).toBe(200);
    expect(await res.json()).toEqual({ principal: { user: 'olga', groups: ['rampart-admins'], via: 'oidc' } });
  });

  it('answers 403 insufficient_scope to a valid token outside the admin group', async () => {
    const res = await fetch(`${base}/admin/v1/keys`, { headers: { authorization: `Bearer ${await idp.token('dan', resource)}` } });
    expect(res.status).toBe(403);
    expect(res.headers.get('www-authenticate')).toBe(`Bearer error="insufficient_scope", error_description="admin access required", scope="admin", ${META}`);
  });

  it('answers 401 invalid_token with resource_metadata to a token for another audience', async () => {
    const res = await fetch(`${base}/admin/v1/keys`, { headers: { authorization: `Bearer ${await idp.token('olga', 'https://other.test/api')}` } });
    expect(res.status).toBe(401);
    expect(res.headers.get('www-authenticate')).toBe(`Bearer error="invalid_token", error_description="token audience is not this resource", ${META}`);
    expect(await res.json()).toMatchObject({ error: { code: 'UNAUTHORIZED', message: 'token audience is not this resource' } });
  });

  it('answers 401 without error to a request with no credential: no local mode here', async () => {
    const res = await fetch(`${base}/admin/v1/keys`);
    expect(res.status).toBe(401);
    expect(res.headers.get('www-authenticate')).toBe(`Bearer ${META}`);
  });

  it('names the issuer in the metadata document', async () => {
    const doc = await (await fetch(`${base}/.well-known/oauth-protected-resource/admin`)).json();
    expect(doc).toMatchObject({ resource, authorization_servers: [idp.issuer], bearer_methods_supported: ['header'] });
  });
});
