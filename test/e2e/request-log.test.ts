import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { RequestLogEntry } from '../../src/core/index.js';
import { FIXTURE_SERVER } from '../helpers/mcp-upstream.js';
import { startServer, type TestServer } from '../helpers/server.js';

// The request log keeps every request the gateway answered, rejected ones included: a bad Origin, malformed
// JSON, a missing token, an unknown MCP session, and the accepted ones with their user.

const ADMIN = 'admin-token-for-tests-0123456789abcdef';
let server: TestServer;
beforeAll(async () => {
  server = await startServer({
    data: mkdtempSync(join(tmpdir(), 'rampart-reqlog-')),
    identity: { required: true, adminToken: ADMIN },
    mcp: { servers: { fx: { transport: { type: 'stdio', command: process.execPath, args: [FIXTURE_SERVER] } } } },
  });
}, 30_000);
afterAll(async () => server.close());

const rpc = (headers: Record<string, string>, body: string) =>
  fetch(`${server.base}/mcp`, { method: 'POST', headers: { 'content-type': 'application/json', accept: 'application/json, text/event-stream', ...headers }, body });
const init = JSON.stringify({ jsonrpc: '2.0', id: 1, method: 'initialize', params: { protocolVersion: '2025-06-18', capabilities: {}, clientInfo: { name: 't', version: '1' } } });

async function logged(): Promise<RequestLogEntry[]> {
  await server.rt.requests.flush();
  const res = await fetch(`${server.base}/admin/v1/requests?limit=50`, { headers: { authorization: `Bearer ${ADMIN}` } });
  expect(res.status).toBe(200);
  return ((await res.json()) as { requests: RequestLogEntry[] }).requests;
}

describe('the request log', () => {
  it('keeps rejected MCP requests and accepted ones, with status, route, user and session', async () => {
    const { key } = await server.rt.identity.apiKeys.create({ user: 'ivy', scopes: ['mcp', 'events'] });
    const auth = { authorization: `Bearer ${key}` };
    expect((await rpc({ ...auth, origin: 'http://evil.example' }, init)).status).toBe(403);
    expect((await rpc(auth, '{"jsonrpc":"2.0",')).status).toBe(400);
    expect((await rpc({}, init)).status).toBe(401);
    expect((await rpc({ ...auth, 'mcp-session-id': 'no-such-session' }, JSON.stringify({ jsonrpc: '2.0', id: 2, method: 'tools/list' }))).status).toBe(404);
    const ok = await rpc(auth, init);
    expect(ok.status).toBe(200);
    const sid = ok.headers.get('mcp-session-id') ?? undefined;
    await ok.body?.cancel();
    const events = await fetch(`${server.base}/v1/events?token=secret-in-query`, { method: 'POST', headers: { ...auth, 'content-type': 'application/json' }, body: '{"kind":"prompt","sessionId":"rl-1","text":"hi"}' });
    expect(events.status).toBe(200);

    const rows = await logged();
    const mcp = rows.filter((r) => r.route === '/mcp').map((r) => [r.status, r.user ?? null, r.sessionId ?? null]);
    expect(mcp).toEqual(expect.arrayContaining([[403, null, null], [400, null, null], [401, null, null], [404, 'ivy', 'no-such-session'], [200, 'ivy', null]]));
    expect(mcp).toHaveLength(5);
    const ev = rows.find((r) => r.route === '/v1/events');
    expect(ev).toMatchObject({ method: 'POST', status: 200, user: 'ivy', path: '/v1/events' });
    expect(JSON.stringify(rows)).not.toContain('secret-in-query');
    expect(JSON.stringify(rows)).not.toContain(key);
    expect(sid).toBeDefined();
  });

  it('refuses the log to anyone but an admin', async () => {
    const { key } = await server.rt.identity.apiKeys.create({ user: 'ivy', scopes: ['mcp'] });
    expect((await fetch(`${server.base}/admin/v1/requests`, { headers: { authorization: `Bearer ${key}` } })).status).toBe(403);
  });
});
