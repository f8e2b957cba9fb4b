import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { StreamableHTTPClientTransport } from '@modelcontextprotocol/sdk/client/streamableHttp.js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { FIXTURE_SERVER } from '../helpers/mcp-upstream.js';
import { startServer, type TestServer } from '../helpers/server.js';

// The MCP gateway behind the identity module: the OAuth resource-server duties of the MCP authorization spec
// (401 with a WWW-Authenticate that points at the RFC 9728 metadata) and the key's user on every audited call.

let server: TestServer;
beforeAll(async () => {
  server = await startServer({
    data: mkdtempSync(join(tmpdir(), 'rampart-mcp-id-')),
    identity: { required: true },
    mcp: { servers: { fx: { transport: { type: 'stdio', command: process.execPath, args: [FIXTURE_SERVER] } } } },
  });
}, 30_000);
afterAll(async () => server.close());

describe('MCP gateway with identity required', () => {
  it('answers 401 with a JSON-RPC error and a challenge naming the protected resource metadata', async () => {
    const res = await fetch(`${server.base}/mcp`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', accept: 'application/json, text/event-stream' },
      body: JSON.stringify({ jsonrpc: '2.0', id: 1, method: 'initialize', params: { protocolVersion: '2025-06-18', capabilities: {}, clientInfo: { name: 't', version: '1' } } }),
    });
    expect(res.status).toBe(401);
    expect(res.headers.get('www-authenticate')).toContain('/.well-known/oauth-protected-resource/mcp');
    expect(await res.json()).toMatchObject({ jsonrpc: '2.0', error: { code: -32001 } });
  });

  it('serves a key with the mcp scope, and audits the call under the key\'s user', async () => {
    const { key } = await server.rt.identity.apiKeys.create({ user: 'dana', scopes: ['mcp'] });
    const client = new Client({ name: 'id-agent', version: '1.0.0' });
    const transport = new StreamableHTTPClientTransport(new URL(`${server.base}/mcp`), { requestInit: { headers: { authorization: `Bearer ${key}` } } });
    await client.connect(transport);
    try {
      const { tools } = await client.listTools();
      expect(tools.map((t) => t.name)).toContain('fx__lookup');
      await client.callTool({ name: 'fx__lookup', arguments: { key: 'k1' } });
      const sid = transport.sessionId as string;
      await server.rt.calls.flush();
      const rows = await server.rt.store.toolCalls(sid);
      expect(rows.map((r) => [r.user, r.tool])).toEqual([['dana', 'lookup']]);
    } finally {
      await client.close();
    }
  });
});
