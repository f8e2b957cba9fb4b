import { PassThrough } from 'node:stream';
import { StdioServerTransport } from '@modelcontextprotocol/sdk/server/stdio.js';
import type { Transport } from '@modelcontextprotocol/sdk/shared/transport.js';
import type { JSONRPCMessage } from '@modelcontextprotocol/sdk/types.js';
import { describe, expect, it } from 'vitest';
import { LocalStdioTransport } from './local-stdio-transport.js';

/** Feeds `chunks` to a transport and returns what it delivered and how many errors it reported. */
async function feed(make: (i: PassThrough, o: PassThrough) => Transport, chunks: string[]): Promise<{ messages: JSONRPCMessage[]; errors: number; out: string }> {
  const stdin = new PassThrough();
  const stdout = new PassThrough();
  const t = make(stdin, stdout);
  const messages: JSONRPCMessage[] = [];
  let errors = 0;
  t.onmessage = (m) => messages.push(m);
  t.onerror = () => errors++;
  await t.start();
  for (const c of chunks) stdin.write(c);
  await new Promise((r) => setImmediate(r));
  await t.send({ jsonrpc: '2.0', id: 1, result: {} });
  await t.close();
  return { messages, errors, out: String(stdout.read() ?? '') };
}

const INPUT = [
  '{"jsonrpc":"2.0","id":1,"method":"tools/call","params":{"name":"echo","arguments":{"text":"hi"}}}\n',
  '{"jsonrpc":"2.0","id":2,"method":"tools/c',
  'all","params":{"name":"echo"}}\r\n',
  'not json\n',
  '{"jsonrpc":"2.0","id":1.5,"method":"tools/call","params":{"name":"echo"}}\n',
  '{"jsonrpc":"2.0","id":3,"method":"tools/call","params":{"name":"echo"},"extra":1}\n',
  '{"jsonrpc":"2.0","id":4,"method":"tools/call","params":{"name":"echo","_meta":{"progressToken":"p"}}}\n',
  '{"jsonrpc":"2.0","method":"notifications/initialized"}\n',
  '{"jsonrpc":"2.0","id":5,"method":"tools/list","params":{}}\n',
];

describe('LocalStdioTransport', () => {
  it('delivers, drops and reports exactly what the SDK stdio transport does', async () => {
    const ours = await feed((i, o) => new LocalStdioTransport(i, o), INPUT);
    const sdk = await feed((i, o) => new StdioServerTransport(i, o), INPUT);
    expect(ours).toEqual(sdk);
    expect(ours.messages.map((m) => ('id' in m ? m.id : 'method' in m ? m.method : '?'))).toEqual([1, 2, 4, 'notifications/initialized', 5]);
    expect(ours.errors).toBe(3);
    expect(ours.out).toBe('{"jsonrpc":"2.0","id":1,"result":{}}\n');
  });

  it('drops an oversized line with an error and closes', async () => {
    let closed = false;
    const stdin = new PassThrough();
    const t = new LocalStdioTransport(stdin, new PassThrough());
    const errors: string[] = [];
    t.onerror = (e) => errors.push(e.message);
    t.onclose = () => (closed = true);
    await t.start();
    stdin.write(Buffer.alloc(11 * 1024 * 1024, 0x20));
    await new Promise((r) => setImmediate(r));
    expect(errors[0]).toContain('exceeded maximum size');
    expect(closed).toBe(true);
  });
});
