import { fileURLToPath } from 'node:url';
import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { StdioClientTransport } from '@modelcontextprotocol/sdk/client/stdio.js';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { RawCalls } from './raw-calls.js';

const FIXTURE = fileURLToPath(new URL('../../test/fixtures/mcp/fixture-server.mjs', import.meta.url));
const clients: Client[] = [];
afterEach(async () => {
  for (const c of clients.splice(0)) await c.close().catch(() => undefined);
});

/** The fixture server over stdio, an SDK client on it, and `RawCalls` on the same transport. */
async function connect(): Promise<{ client: Client; raw: RawCalls; stderr: string[] }> {
  const transport = new StdioClientTransport({ command: process.execPath, args: [FIXTURE], stderr: 'pipe' });
  const stderr: string[] = [];
  transport.stderr?.on('data', (c: Buffer) => stderr.push(c.toString('utf8')));
  const client = new Client({ name: 'raw-test', version: '1' });
  clients.push(client);
  await client.connect(transport);
  await client.listTools();
  return { client, raw: new RawCalls(transport), stderr };
}

/** How a call ended, comparable across the two paths. */
async function outcome(p: Promise<unknown>): Promise<unknown> {
  try {
    return { ok: await p };
  } catch (e) {
    return { error: e instanceof Error ? { type: e.constructor.name, message: e.message, code: (e as { code?: unknown }).code } : e };
  }
}

describe('RawCalls', () => {
  it('ends each call as Client.callTool does, while the client keeps working beside it', async () => {
    const { client, raw } = await connect();
    const signal = new AbortController().signal;
    const cases = [{ name: 'echo', arguments: { text: 'hi' } }, { name: 'echo', arguments: { text: 7 } }, { name: 'lookup', arguments: { key: 'aws' } }, { name: 'nope', arguments: {} }];
    for (const params of cases) {
      const [viaRaw, viaClient] = await Promise.all([outcome(raw.callTool(params, { signal, timeoutMs: 5000 })), outcome(client.callTool(params, undefined, { signal, timeout: 5000 }))]);
      expect(viaRaw).toEqual(viaClient);
    }
    expect(await outcome(raw.callTool({ name: 'echo', arguments: { text: 'hi' } }, { signal, timeoutMs: 5000 }))).toEqual({ ok: { content: [{ type: 'text', text: 'hi' }] } });
  });

  it('times out, cancels upstream on abort, and fails calls in flight when the connection closes', async () => {
    const { client, raw, stderr } = await connect();
    const never = new AbortController().signal;
    const [rawTimeout, clientTimeout] = await Promise.all([outcome(raw.callTool({ name: 'hang' }, { signal: never, timeoutMs: 100 })), outcome(client.callTool({ name: 'hang' }, undefined, { signal: never, timeout: 100 }))]);
    expect(rawTimeout).toEqual(clientTimeout);
    expect(rawTimeout).toMatchObject({ error: { code: -32001 } });

    const ac = new AbortController();
    const aborted = outcome(raw.callTool({ name: 'hang' }, { signal: ac.signal, timeoutMs: 5000 }));
    await vi.waitFor(() => expect(stderr.join('')).toMatch(/hang started rampart-\d+/));
    ac.abort('user');
    expect(await aborted).toMatchObject({ error: { type: 'McpError', code: -32001, message: 'MCP error -32001: user' } });
    await vi.waitFor(() => expect(stderr.join('')).toMatch(/hang cancelled rampart-\d+/));

    const inflight = outcome(raw.callTool({ name: 'hang' }, { signal: never, timeoutMs: 5000 }));
    await outcome(client.callTool({ name: 'crash' }, undefined, { timeout: 2000 }));
    expect(await inflight).toMatchObject({ error: { code: -32000, message: 'MCP error -32000: Connection closed' } });
  });
});
