import type { ChildProcess } from 'node:child_process';
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { StreamableHTTPClientTransport } from '@modelcontextprotocol/sdk/client/streamableHttp.js';
import type { CallToolResult } from '@modelcontextprotocol/sdk/types.js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { FIXTURE_SERVER, freePort, spawnHttpServer } from '../helpers/mcp-upstream.js';
import { startServer, type TestServer } from '../helpers/server.js';

// Outbound credentials (issue 4 §4): the gateway holds each upstream's credential, encrypted at rest, and
// injects it per call: the calling user's own, else the server's shared one; a stdio server gets its shared
// credential in its environment. The client's own token never reaches the upstream.

const ADMIN = 'admin-token-for-tests-0123456789abcdef';
const data = mkdtempSync(join(tmpdir(), 'rampart-mcp-cred-'));
let upstream: ChildProcess;
let config: Record<string, unknown>;
let server: TestServer;

async function admin(method: string, path: string, body?: unknown): Promise<Response> {
  return fetch(`${server.base}/admin/v1${path}`, {
    method,
    headers: { authorization: `Bearer ${ADMIN}`, ...(body === undefined ? {} : { 'content-type': 'application/json' }) },
    ...(body === undefined ? {} : { body: JSON.stringify(body) }),
  });
}

async function whoami(user: string, tool: string): Promise<CallToolResult> {
  const { key } = await server.rt.identity.apiKeys.create({ user, scopes: ['mcp'] });
  const client = new Client({ name: 'cred-agent', version: '1.0.0' });
  await client.connect(new StreamableHTTPClientTransport(new URL(`${server.base}/mcp`), { requestInit: { headers: { authorization: `Bearer ${key}` } } }));
  try {
    return (await client.callTool({ name: tool })) as CallToolResult;
  } finally {
    await client.close();
  }
}

const text = (r: CallToolResult): string => (r.content[0]?.type === 'text' ? r.content[0].text : '');

beforeAll(async () => {
  const port = await freePort();
  upstream = await spawnHttpServer({ script: FIXTURE_SERVER, args: ['--http', String(port)], ready: /listening/ });
  config = {
    data,
    identity: { required: true, adminToken: ADMIN },
    mcp: {
      servers: {
        web: { transport: { type: 'http', url: `http://127.0.0.1:${port}/mcp` }, credential: { inject: 'header', required: true } },
        local: { transport: { type: 'stdio', command: process.execPath, args: [FIXTURE_SERVER] }, credential: { inject: 'env', env: 'FIXTURE_TOKEN' } },
      },
    },
  };
  server = await startServer(config);
}, 30_000);
afterAll(async () => {
  await server.close();
  upstream.kill();
});

describe('outbound credentials', () => {
  it('refuses a call to a server that requires a credential when none is stored', async () => {
    await expect(whoami('bob', 'web__whoami')).rejects.toMatchObject({ code: -32002, message: expect.stringContaining('needs a credential') });
  });

  it("injects the user's own credential, else the server's shared one, never the client's token", async () => {
    expect((await admin('PUT', '/credentials/web', { value: 'shared-token' })).status).toBe(200);
    expect((await admin('PUT', '/credentials/web', { value: 'alice-token', user: 'alice' })).status).toBe(200);
    expect(text(await whoami('alice', 'web__whoami'))).toBe('auth=Bearer alice-token');
    expect(text(await whoami('bob', 'web__whoami'))).toBe('auth=Bearer shared-token');
  });

  it('takes a deleted credential out of use at once in this process', async () => {
    expect((await admin('DELETE', '/credentials/web?user=alice')).status).toBe(204);
    expect(text(await whoami('alice', 'web__whoami'))).toBe('auth=Bearer shared-token');
  });

  it('stores values encrypted, and hands a stdio server its shared credential at spawn after a restart', async () => {
    expect((await admin('PUT', '/credentials/local', { value: 'stdio-token' })).status).toBe(200);
    // Before the restart the running child was spawned without one.
    expect(text(await whoami('carol', 'local__whoami'))).toBe('auth=none');
    await server.rt.writer.flush();
    const db = readFileSync(join(data, 'rampart.db'));
    expect(db.includes(Buffer.from('stdio-token'))).toBe(false);
    expect(db.includes(Buffer.from('shared-token'))).toBe(false);
    await server.close();
    server = await startServer(config);
    expect(text(await whoami('carol', 'local__whoami'))).toBe('auth=stdio-token');
  }, 30_000);
});
