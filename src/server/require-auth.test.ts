import Fastify from 'fastify';
import { describe, expect, it } from 'vitest';
import { ERROR_CODES } from '../core/index.js';
import type { Authenticator } from '../identity/principal.js';
import { requireAuth, withAuth } from './require-auth.js';

// A stand-in authenticator: one accepted token; the real ones are tested in identity/.
const authenticate: Authenticator = async ({ headers }) =>
  headers.authorization === 'Bearer good'
    ? { user: 'ada', groups: ['dev'], via: 'api-key' }
    : { kind: 'auth-failure', status: 401, code: 'UNAUTHORIZED', message: 'authentication required', wwwAuthenticate: 'Bearer resource_metadata="u"' };

function app() {
  const a = Fastify();
  // A JSON-RPC surface, as the MCP gateway would register it.
  void a.register(
    withAuth(
      { authenticate, onFailure: (f) => ({ jsonrpc: '2.0', id: null, error: { code: ERROR_CODES[f.code].jsonrpc, message: f.message } }) },
      (scope) => {
        scope.post('/', async (req) => ({ user: req.principal?.user }));
        scope.get('/x', async (req) => ({ user: req.principal?.user }));
      },
    ),
    { prefix: '/mcp' },
  );
  void a.register(
    async (scope) => {
      requireAuth(scope, { authenticate, stage: 'preHandler' });
      scope.post('/e', async () => ({ ok: true }));
    },
    { prefix: '/other' },
  );
  a.get('/open', async (req) => ({ principal: req.principal ?? null }));
  return a;
}

describe('requireAuth', () => {
  it('answers 401 in the route wire format with the challenge, before the handler runs', async () => {
    const res = await app().inject({ method: 'POST', url: '/mcp', payload: { jsonrpc: '2.0', id: 1, method: 'tools/list' } });
    expect(res.statusCode).toBe(401);
    expect(res.headers['www-authenticate']).toBe('Bearer resource_metadata="u"');
    expect(res.json()).toEqual({ jsonrpc: '2.0', id: null, error: { code: -32001, message: 'authentication required' } });
  });

  it('sets req.principal for an authenticated request', async () => {
    const res = await app().inject({ method: 'GET', url: '/mcp/x', headers: { authorization: 'Bearer good' } });
    expect(res.json()).toEqual({ user: 'ada' });
  });

  it('guards the scope whatever the URL encoding, and leaves other routes alone', async () => {
    const a = app();
    expect((await a.inject({ method: 'GET', url: '/mcp/%78' })).statusCode).toBe(401);
    expect((await a.inject({ method: 'GET', url: '/open' })).json()).toEqual({ principal: null });
  });

  it('uses our error shape by default, also at the preHandler stage', async () => {
    const res = await app().inject({ method: 'POST', url: '/other/e', payload: {} });
    expect(res.statusCode).toBe(401);
    expect(res.json()).toMatchObject({ error: { code: 'UNAUTHORIZED', message: 'authentication required' } });
    expect(res.headers['cache-control']).toBe('no-store');
  });
});
