import { createServer as createTcpServer, type Server as TcpServer, type Socket } from 'node:net';
import { createServer, type Server } from 'node:http';
import { createRequire } from 'node:module';
import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import { CLI_DIR, ensureDist } from './helpers/dist.js';

interface MiniResponse {
  readonly status: number;
  readonly headers: ReadonlyMap<string, string>;
  readonly body: string;
}
type PostOverTcp = (opts: { url: URL; headers: Readonly<Record<string, string>>; body: string; timeoutMs: number }) => Promise<MiniResponse>;
let postOverTcp: PostOverTcp;
beforeAll(() => {
  ensureDist();
  // The shim is CommonJS, built to dist/ (see src/cli/hook-shim.cts).
  postOverTcp = (createRequire(import.meta.url)(`${CLI_DIR}/hook-shim.cjs`) as { postOverTcp: PostOverTcp }).postOverTcp;
});

// The shim's HTTP/1.1 client against real servers: node:http (Content-Length and chunked), and a TCP server
// that does not speak HTTP.

const servers: (Server | TcpServer)[] = [];
const sockets = new Set<Socket>();
afterEach(async () => {
  for (const c of sockets) c.destroy();
  sockets.clear();
  for (const s of servers.splice(0)) await new Promise((r) => s.close(r));
});

async function listen(s: Server | TcpServer): Promise<URL> {
  servers.push(s);
  s.on('connection', (c: Socket) => sockets.add(c));
  await new Promise<void>((r) => s.listen(0, '127.0.0.1', r));
  const a = s.address();
  return new URL(`http://127.0.0.1:${typeof a === 'object' && a !== null ? a.port : 0}/v1/hooks/codex?x=1`);
}

describe('postOverTcp', () => {
  it('sends the body and headers, and reads a Content-Length response', async () => {
    let seen = { method: '', url: '', header: '', body: '' };
    const url = await listen(
      createServer((req, res) => {
        let body = '';
        req.on('data', (c: Buffer) => (body += c.toString()));
        req.on('end', () => {
          seen = { method: req.method ?? '', url: req.url ?? '', header: String(req.headers['x-rampart-fail']), body };
          res.writeHead(200, { 'content-type': 'application/json', 'x-rampart-exit': '2', 'content-length': '2' }).end('{}');
        });
      }),
    );
    const r = await postOverTcp({ url, headers: { 'x-rampart-fail': 'open' }, body: '{"é":1}', timeoutMs: 2000 });
    expect(seen).toEqual({ method: 'POST', url: '/v1/hooks/codex?x=1', header: 'open', body: '{"é":1}' });
    expect(r.status).toBe(200);
    expect(r.headers.get('x-rampart-exit')).toBe('2');
    expect(r.body).toBe('{}');
  });

  it('reads a chunked response', async () => {
    const url = await listen(
      createServer((_req, res) => {
        res.writeHead(503);
        res.write('{"a":');
        res.end('"b"}');
      }),
    );
    expect(await postOverTcp({ url, headers: {}, body: '', timeoutMs: 2000 })).toMatchObject({ status: 503, body: '{"a":"b"}' });
  });

  it('rejects what is not HTTP, a refused connection, and silence past the timeout', async () => {
    const garbage = await listen(createTcpServer((s) => s.end('hello\n')));
    await expect(postOverTcp({ url: garbage, headers: {}, body: '', timeoutMs: 2000 })).rejects.toThrow('not an HTTP response');
    await expect(postOverTcp({ url: new URL('http://127.0.0.1:9/'), headers: {}, body: '', timeoutMs: 2000 })).rejects.toThrow();
    const silent = await listen(createTcpServer(() => undefined));
    await expect(postOverTcp({ url: silent, headers: {}, body: '', timeoutMs: 100 })).rejects.toThrow('timeout');
  });
});
