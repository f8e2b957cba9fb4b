import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ConfigSchema } from '../../src/config/schema.js';
import { createRuntime, type Runtime } from '../../src/server/runtime.js';
import { startServer } from '../helpers/server.js';

const ADMIN = 'admin-token-0123456789abcdef';
let rt: Runtime;
let base: string;
let close: () => Promise<void>;

beforeAll(async () => {
  const data = mkdtempSync(join(tmpdir(), 'rampart-e2e-id-'));
  ({ rt, base, close } = await startServer({ data, server: { host: '127.0.0.1', port: 0 }, identity: { adminToken: ADMIN } }));
});
afterAll(async () => close());

const admin = { authorization: `Bearer ${ADMIN}` };

describe('identity over HTTP (local mode, admin token set)', () => {
  it('refuses the admin API without a token: 401, challenge, our error shape', async () => {
    const res = await fetch(`${base}/admin/v1/keys`);
    expect(res.status).toBe(401);
    const host = new URL(base).host;
    expect(res.headers.get('www-authenticate')).toBe(`Bearer resource_metadata="http://${host}/.well-known/oauth-protected-resource/admin"`);
    expect(await res.json()).toMatchObject({ error: { code: 'UNAUTHORIZED' } });
    expect((await fetch(`${base}/admin/v1/keys`, { headers: { authorization: 'Bearer wrong-token-0123456789' } })).status).toBe(401);
  });

  it('creates a key once, lists it without the secret, authenticates with it, revokes it', async () => {
    const created = await fetch(`${base}/admin/v1/keys`, {
      method: 'POST',
      headers: { ...admin, 'content-type': 'application/json' },
      body: JSON.stringify({ user: 'ada', groups: ['dev'], scopes: ['mcp'], expiresInSeconds: 3600 }),
    });
    expect(created.status).toBe(201);
    const body = (await created.json()) as { key: string; id: string; prefix: string; expiresAt: number };
    expect(body.key).toMatch(/^rk_/);
    expect(body.expiresAt).toBeGreaterThan(Date.now());

    const listed = await (await fetch(`${base}/admin/v1/keys`, { headers: admin })).text();
    expect(listed).toContain(body.prefix);
    expect(listed).not.toContain(body.key);
    expect(listed).not.toContain('hash');

    // A dev key is not an admin key.
    expect((await fetch(`${base}/admin/v1/whoami`, { headers: { 'x-api-key': body.key } })).status).toBe(403);
    const auth = rt.identity.authenticator({ scope: 'mcp', resourcePath: '/mcp' });
    expect(await auth({ headers: { 'x-api-key': body.key } })).toMatchObject({ user: 'ada', via: 'api-key' });

    expect((await fetch(`${base}/admin/v1/keys/${body.prefix}`, { method: 'DELETE', headers: admin })).status).toBe(204);
    expect((await fetch(`${base}/admin/v1/keys/${body.prefix}`, { method: 'DELETE', headers: admin })).status).toBe(404);
    expect(await auth({ headers: { 'x-api-key': body.key } })).toMatchObject({ status: 401, message: 'API key revoked' });
  });

  it('stores a credential through the admin API, lists it without its value, deletes it', async () => {
    const put = await fetch(`${base}/admin/v1/credentials/github`, {
      method: 'PUT',
      headers: { ...admin, 'content-type': 'application/json' },
      body: JSON.stringify({ user: 'ada', value: 'ghp_adminApiSecret123' }),
    });
    expect(put.status).toBe(200);
    expect((await put.json()) as object).toMatchObject({ id: 'github/ada', owner: 'ada' });
    expect((await rt.vault.resolve('github', 'ada'))?.reveal()).toBe('ghp_adminApiSecret123');
    const listed = await (await fetch(`${base}/admin/v1/credentials`, { headers: admin })).text();
    expect(listed).toContain('github/ada');
    expect(listed).not.toContain('ghp_adminApiSecret123');
    expect((await fetch(`${base}/admin/v1/credentials`)).status).toBe(401);
    expect((await fetch(`${base}/admin/v1/credentials/github?user=ada`, { method: 'DELETE', headers: admin })).status).toBe(204);
    expect(await rt.vault.resolve('github', 'ada')).toBeUndefined();
  });

  it('rejects a bad key request with the field named', async () => {
    const res = await fetch(`${base}/admin/v1/keys`, { method: 'POST', headers: { ...admin, 'content-type': 'application/json' }, body: JSON.stringify({ groups: 'x' }) });
    expect(res.status).toBe(400);
    expect(await res.json()).toMatchObject({ error: { code: 'INVALID_PARAMS' } });
  });

  it('serves RFC 9728 metadata at the root and path-suffixed forms, 404 elsewhere', async () => {
    const host = new URL(base).host;
    const mcp = await fetch(`${base}/.well-known/oauth-protected-resource/mcp`);
    expect(mcp.status).toBe(200);
    expect(await mcp.json()).toEqual({ resource: `http://${host}/mcp`, bearer_methods_supported: ['header'], scopes_supported: [], resource_name: 'Rampart' });
    expect(await (await fetch(`${base}/.well-known/oauth-protected-resource`)).json()).toMatchObject({ resource: `http://${host}` });
    expect(await (await fetch(`${base}/.well-known/oauth-protected-resource/mcp/github`)).json()).toMatchObject({ resource: `http://${host}/mcp/github` });
    expect((await fetch(`${base}/.well-known/oauth-protected-resource/etc/passwd`)).status).toBe(404);
  });

  it('keeps /v1/events working with no key in local mode', async () => {
    const res = await fetch(`${base}/v1/events`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ kind: 'prompt', sessionId: 'id-1', text: 'hi' }) });
    expect(res.status).toBe(200);
  });
});

describe('startup', () => {
  it('refuses a network address with no identity configured', async () => {
    const r = await createRuntime(ConfigSchema.parse({ data: ':memory:', server: { host: '0.0.0.0', port: 0 } }));
    expect(r.ok).toBe(false);
    expect(!r.ok && r.error.join('\n')).toMatch(/refusing to listen on 0\.0\.0\.0 without identity/);
  });
});
