import type { ChildProcess } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { StreamableHTTPClientTransport } from '@modelcontextprotocol/sdk/client/streamableHttp.js';
import { ToolListChangedNotificationSchema } from '@modelcontextprotocol/sdk/types.js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { FIXTURE_SERVER, freePort, spawnHttpServer } from '../helpers/mcp-upstream.js';
import { startServer, type TestServer } from '../helpers/server.js';

// The registry's admin API (issue 4 §2): remote MCP servers registered, listed and removed at runtime, stored
// so they come back after a restart; connected clients are told with notifications/tools/list_changed.

const ADMIN = 'admin-token-for-tests-0123456789abcdef';
const data = mkdtempSync(join(tmpdir(), 'rampart-mcp-admin-'));
const config = {
  data,
  identity: { required: true, adminToken: ADMIN },
  mcp: { servers: { local: { transport: { type: 'stdio', command: process.execPath, args: [FIXTURE_SERVER] } } } },
};
let upstream: ChildProcess;
let url: string;
let server: TestServer;

async function admin(method: string, path: string, body?: unknown, token = ADMIN): Promise<Response> {
  return fetch(`${server.base}/admin/v1${path}`, {
    method,
    headers: { authorization: `Bearer ${token}`, ...(body === undefined ? {} : { 'content-type': 'application/json' }) },
    ...(body === undefined ? {} : { body: JSON.stringify(body) }),
  });
}

async function connect(): Promise<Client> {
  const { key } = await server.rt.identity.apiKeys.create({ user: 'ann', scopes: ['mcp'] });
  const client = new Client({ name: 'admin-e2e', version: '1.0.0' });
  await client.connect(new StreamableHTTPClientTransport(new URL(`${server.base}/mcp`), { requestInit: { headers: { authorization: `Bearer ${key}` } } }));
  return client;
}

const names = async (c: Client): Promise<string[]> => (await c.listTools()).tools.map((t) => t.name);

beforeAll(async () => {
  const port = await freePort();
  url = `http://127.0.0.1:${port}/mcp`;
  upstream = await spawnHttpServer({ script: FIXTURE_SERVER, args: ['--http', String(port)], ready: /listening/ });
  server = await startServer(config);
}, 30_000);
afterAll(async () => {
  await server.close();
  upstream.kill();
});

describe('MCP servers through the admin API', () => {
  it('registers a remote server: connected clients are told, and its tools are served and callable', async () => {
    const c = await connect();
    try {
      const changed = new Promise<void>((resolve) => c.setNotificationHandler(ToolListChangedNotificationSchema, () => resolve()));
      expect(await names(c)).not.toContain('wiki__lookup');
      const put = await admin('PUT', '/mcp/servers/wiki', { transport: { type: 'http', url } });
      expect(put.status).toBe(200);
      expect(await put.json()).toMatchObject({ name: 'wiki', source: 'admin', state: 'ready', transport: { type: 'http', url } });
      await changed;
      expect(await names(c)).toContain('wiki__lookup');
      const r = await c.callTool({ name: 'wiki__lookup', arguments: { key: 'k9' } });
      expect(r.content).toEqual([{ type: 'text', text: 'record k9' }]);
    } finally {
      await c.close();
    }
  });

  it('refuses stdio commands, secrets in headers, configured names and non-admin callers', async () => {
    const stdio = await admin('PUT', '/mcp/servers/evil', { transport: { type: 'stdio', command: '/bin/sh', args: ['-c', 'id'] } });
    expect(stdio.status).toBe(400);
    expect(((await stdio.json()) as { error: { message: string } }).error.message).toMatch(/stdio servers are configured in the configuration file/);
    const secret = await admin('PUT', '/mcp/servers/leaky', { transport: { type: 'http', url, headers: { Authorization: 'Bearer abc' } } });
    expect(secret.status).toBe(400);
    expect(((await secret.json()) as { error: { message: string } }).error.message).toMatch(/store credentials in the vault/);
    expect((await admin('PUT', '/mcp/servers/local', { transport: { type: 'http', url } })).status).toBe(409);
    expect((await admin('PUT', '/mcp/servers/bad name', { transport: { type: 'http', url } })).status).toBe(400);
    const { key } = await server.rt.identity.apiKeys.create({ user: 'mallory', scopes: ['mcp'] });
    expect((await admin('PUT', '/mcp/servers/sneaky', { transport: { type: 'http', url } }, key)).status).toBe(403);
    const listed = (await (await admin('GET', '/mcp/servers')).json()) as { servers: { name: string; source: string }[] };
    expect(listed.servers.map((s) => [s.name, s.source]).sort()).toEqual([['local', 'config'], ['wiki', 'admin']]);
  });

  it('keeps a registered server across a restart, and removes it on delete', async () => {
    await server.close();
    server = await startServer(config);
    const c = await connect();
    try {
      expect(await names(c)).toContain('wiki__lookup');
      expect((await admin('DELETE', '/mcp/servers/local')).status).toBe(409);
      expect((await admin('DELETE', '/mcp/servers/wiki')).status).toBe(204);
      expect((await admin('DELETE', '/mcp/servers/wiki')).status).toBe(404);
      expect(await names(c)).not.toContain('wiki__lookup');
      expect(await names(c)).toContain('local__lookup');
    } finally {
      await c.close();
    }
    await server.close();
    server = await startServer(config);
    expect(server.rt.registry.servers().has('wiki')).toBe(false);
  }, 30_000);
});
