import { fileURLToPath } from 'node:url';
import { ReadBuffer } from '@modelcontextprotocol/sdk/shared/stdio.js';
import type { JSONRPCMessage } from '@modelcontextprotocol/sdk/types.js';
import { describe, expect, it } from 'vitest';
import { ResultReadBuffer, stdioUpstreamTransport } from './stdio-upstream.js';

const LINES = [
  '{"jsonrpc":"2.0","id":"rampart-1","result":{"content":[{"type":"text","text":"hi"}]}}\n',
  '{"jsonrpc":"2.0","id":"rampart-2","res',
  'ult":{"content":[],"isError":true,"extra":{"a":1}}}\r\n',
  '{"jsonrpc":"2.0","id":3,"result":{"tools":[]}}\n',
  '{"jsonrpc":"2.0","id":"rampart-4","result":{"content":[]},"extra":1}\n',
  '{"jsonrpc":"2.0","id":"rampart-5","result":[1]}\n',
  '{"jsonrpc":"1.0","id":"rampart-6","result":{}}\n',
  '{"jsonrpc":"2.0","id":"rampart-7","result":{"_meta":{"progressToken":"p"}}}\n',
  '{"jsonrpc":"2.0","id":"rampart-8","result":{"_meta":5}}\n',
  '{"jsonrpc":"2.0","id":"rampart-9","error":{"code":-32602,"message":"bad"}}\n',
  'not json\n',
  '{"jsonrpc":"2.0","method":"notifications/tools/list_changed"}\n',
  '{"jsonrpc":"2.0","id":10,"method":"roots/list"}\n',
  '{"jsonrpc":"2.0","id":"rampart-11","result":null}\n',
  '{"jsonrpc":"2.0","id":"rampart-12","result":{"content":[{"type":"text","text":"tail"}]}}',
];

/** What a read buffer delivers from `chunks` as the SDK's stdio transports drive it: messages, and errors by message. */
function read(buffer: ReadBuffer, chunks: readonly string[]): Array<JSONRPCMessage | string> {
  const out: Array<JSONRPCMessage | string> = [];
  for (const c of chunks) {
    buffer.append(Buffer.from(c));
    for (;;) {
      try {
        const m = buffer.readMessage();
        if (m === null) break;
        out.push(m);
      } catch (e) {
        out.push(`error: ${e instanceof Error ? e.message : String(e)}`);
      }
    }
  }
  return out;
}

describe('ResultReadBuffer', () => {
  it('delivers, drops and reports exactly what the SDK ReadBuffer does', () => {
    const ours = read(new ResultReadBuffer(), LINES);
    expect(ours).toEqual(read(new ReadBuffer(), LINES));
    expect(ours.filter((m) => typeof m !== 'string').map((m) => (typeof m !== 'string' && 'id' in m ? m.id : '-'))).toEqual(['rampart-1', 'rampart-2', 3, 'rampart-7', 'rampart-9', '-', 10]);
  });

  it('delivers the same message in one chunk, byte by byte and in a chunk with several lines', () => {
    const text = LINES.join('');
    const whole = read(new ResultReadBuffer(), [text]);
    expect(read(new ResultReadBuffer(), [...text])).toEqual(whole);
    expect(whole).toEqual(read(new ReadBuffer(), [text]));
  });

  it('keeps the bound on an unfinished line and forgets it', () => {
    const b = new ResultReadBuffer(16);
    b.append(Buffer.from('{"jsonrpc":'));
    expect(() => b.append(Buffer.from('"2.0","id":1}'))).toThrow('ReadBuffer exceeded maximum size of 16 bytes');
    b.append(Buffer.from('{}\n'));
    expect(() => b.readMessage()).toThrow();
    expect(b.readMessage()).toBeNull();
  });
});

describe('stdioUpstreamTransport', () => {
  it('reads with a ResultReadBuffer (the SDK keeps its buffer where this expects it)', () => {
    const t = stdioUpstreamTransport({ command: process.execPath, args: [] });
    expect(Reflect.get(t, '_readBuffer')).toBeInstanceOf(ResultReadBuffer);
  });

  it('talks to a stdio server through the SDK client', async () => {
    const { Client } = await import('@modelcontextprotocol/sdk/client/index.js');
    const client = new Client({ name: 't', version: '1' });
    const server = fileURLToPath(new URL('../../test/fixtures/mcp/fixture-server.mjs', import.meta.url));
    await client.connect(stdioUpstreamTransport({ command: process.execPath, args: [server] }));
    const tools = await client.listTools();
    expect(tools.tools.length).toBeGreaterThan(0);
    await client.close();
  });
});
