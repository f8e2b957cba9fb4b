import { spawn, type ChildProcess } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { withCallHeaders } from './credentials.js';
import { HttpClientTransport } from './http-client-transport.js';
import { RawCalls } from './raw-calls.js';

const FIXTURE = fileURLToPath(new URL('../../test/fixtures/mcp/fixture-server.mjs', import.meta.url));
let server: ChildProcess;
let url: URL;

beforeAll(async () => {
  server = spawn(process.execPath, [FIXTURE, '--http', '0'], { stdio: ['ignore', 'pipe', 'pipe'] });
  const port = await new Promise<string>((resolve) => {
    let seen = '';
    server.stdout?.on('data', (b: Buffer) => {
      seen += b.toString('utf8');
      const m = /listening (\d+)/.exec(seen);
      if (m?.[1] !== undefined) resolve(m[1]);
    });
  });
  url = new URL(`http://127.0.0.1:${port}/mcp`);
});
afterAll(() => {
  server.kill();
});

async function outcome(p: Promise<unknown>): Promise<unknown> {
  try {
    return { ok: await p };
  } catch (e) {
    return { error: e instanceof Error ? { type: e.constructor.name, message: e.message, code: (e as { code?: unknown }).code } : e };
  }
}

describe('RawCalls over Streamable HTTP', () => {
  it('ends each call as Client.callTool does, carries the call credential headers, and times out alike', async () => {
    const transport = new HttpClientTransport(url);
    const client = new Client({ name: 'raw-http-test', version: '1' });
    await client.connect(transport);
    await client.listTools();
    const raw = new RawCalls(transport);
    try {
      const signal = new AbortController().signal;
      const cases = [{ name: 'echo', arguments: { text: 'hi' } }, { name: 'echo', arguments: { text: 7 } }, { name: 'lookup', arguments: { key: 'aws' } }, { name: 'nope', arguments: {} }];
      for (const params of cases) {
        const [viaRaw, viaClient] = await Promise.all([outcome(raw.callTool(params, { signal, timeoutMs: 5000 })), outcome(client.callTool(params, undefined, { signal, timeout: 5000 }))]);
        expect(viaRaw).toEqual(viaClient);
      }
      const who = await withCallHeaders({ authorization: 'Bearer per-call' }, () => raw.callTool({ name: 'whoami' }, { signal, timeoutMs: 5000 }));
      expect(who).toEqual({ content: [{ type: 'text', text: 'auth=Bearer per-call' }] });
      const [rawTimeout, clientTimeout] = await Promise.all([outcome(raw.callTool({ name: 'hang' }, { signal, timeoutMs: 100 })), outcome(client.callTool({ name: 'hang' }, undefined, { signal, timeout: 100 }))]);
      expect(rawTimeout).toEqual(clientTimeout);
    } finally {
      await client.close();
    }
  });

  it('fails a call at once when the server is gone, and tells the owner the connection is lost', async () => {
    const gone = new HttpClientTransport(new URL('http://127.0.0.1:9/mcp'));
    let closed = false;
    gone.onclose = () => {
      closed = true;
    };
    await expect(gone.send({ jsonrpc: '2.0', id: 1, method: 'ping' })).rejects.toMatchObject({ code: 'ECONNREFUSED' });
    expect(closed).toBe(true);
  });
});
