import { createServer, request, type IncomingHttpHeaders, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import type { Authenticator } from '../identity/principal.js';
import { llmEdge, type EdgeRequest, type EdgeSeen, type LlmEdgeOptions } from './edge.js';

let server: Server | undefined;
afterEach(async () => {
  server?.closeAllConnections();
  await new Promise((resolve) => server?.close(resolve));
  server = undefined;
});

/** A server with the edge in front of a fallback that answers 299, and what reached each. */
async function serve(o: Partial<LlmEdgeOptions> = {}) {
  const served: { endpoint: EdgeRequest['endpoint']; url: string; body: string; user: string | undefined }[] = [];
  const seen: EdgeSeen[] = [];
  const edge = llmEdge({
    maxBodyBytes: 64,
    closing: () => false,
    serve: async (r, res) => {
      served.push({ endpoint: r.endpoint, url: r.url, body: r.body.toString(), user: r.principal?.user });
      res.writeHead(200, { 'content-type': 'application/json' }).end('{}');
    },
    watch: (_req, res, s) => res.once('close', () => seen.push(s())),
    ...o,
  });
  server = createServer((req, res) => {
    if (!edge(req, res)) res.writeHead(299).end('fallback');
  });
  await new Promise<void>((resolve) => server?.listen(0, '127.0.0.1', resolve));
  const port = (server.address() as AddressInfo).port;
  const send = (method: string, path: string, body?: string | string[], headers: IncomingHttpHeaders = {}) =>
    new Promise<{ status: number; headers: IncomingHttpHeaders; text: string }>((resolve, reject) => {
      const req = request({ host: '127.0.0.1', port, method, path, headers: { 'content-type': 'application/json', ...headers } }, (res) => {
        const parts: Buffer[] = [];
        res.on('data', (c: Buffer) => parts.push(c));
        res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers, text: Buffer.concat(parts).toString() }));
      });
      req.on('error', reject);
      // An array goes out chunked, with no declared length.
      if (Array.isArray(body)) for (const c of body) req.write(c);
      req.end(Array.isArray(body) ? undefined : body);
    });
  return { served, seen, send };
}

describe('llmEdge', () => {
  it('serves the model endpoints with their query, and names the route for the log', async () => {
    const s = await serve();
    expect((await s.send('POST', '/v1/messages?beta=true', '{"a":1}')).status).toBe(200);
    expect((await s.send('POST', '/v1/chat/completions', ['{"b"', ':2}'])).status).toBe(200);
    expect(s.served).toEqual([
      { endpoint: { kind: 'model', format: 'anthropic', inspect: true }, url: '/v1/messages?beta=true', body: '{"a":1}', user: undefined },
      { endpoint: { kind: 'model', format: 'openai', inspect: true }, url: '/v1/chat/completions', body: '{"b":2}', user: undefined },
    ]);
    expect(s.seen.map((x) => x.route)).toEqual(['/v1/messages', '/v1/chat/completions']);
    expect(new Set(s.seen.map((x) => x.id)).size).toBe(2);
  });

  it('leaves other methods, other paths and a closing server to the framework', async () => {
    const s = await serve();
    expect((await s.send('GET', '/v1/chat/completions')).status).toBe(299);
    expect((await s.send('POST', '/v1/chat/completions/'))?.status).toBe(299);
    expect((await s.send('GET', '/v1/models')).status).toBe(299);
    const closing = await serve({ closing: () => true });
    expect((await closing.send('POST', '/v1/messages', '{}')).status).toBe(299);
    expect(s.served).toEqual([]);
  });

  it("refuses a body over the bound in the caller's format, by declared length or as it arrives", async () => {
    const s = await serve();
    const declared = await s.send('POST', '/v1/messages', 'x'.repeat(65));
    expect(declared.status).toBe(413);
    expect(JSON.parse(declared.text)).toMatchObject({ type: 'error', error: { message: 'the request body is larger than 64 bytes' } });
    const chunked = await s.send('POST', '/v1/chat/completions', ['x'.repeat(40), 'x'.repeat(40)]);
    expect(chunked.status).toBe(413);
    expect(JSON.parse(chunked.text)).toMatchObject({ error: { message: 'the request body is larger than 64 bytes' } });
    expect(s.served).toEqual([]);
  });

  it('authenticates first: a failure is answered with its challenge, a principal reaches serve and the log', async () => {
    const authenticate: Authenticator = async (req) =>
      req.headers['authorization'] === 'Bearer good'
        ? { user: 'alice', groups: [], via: 'api-key' }
        : { kind: 'auth-failure', status: 401, code: 'UNAUTHORIZED', message: 'a key is required', wwwAuthenticate: 'Bearer realm="rampart"' };
    const s = await serve({ authenticate });
    const refused = await s.send('POST', '/v1/messages', '{}');
    expect(refused.status).toBe(401);
    expect(refused.headers['www-authenticate']).toBe('Bearer realm="rampart"');
    expect(JSON.parse(refused.text)).toMatchObject({ type: 'error', error: { type: 'authentication_error', message: 'a key is required' } });
    expect((await s.send('POST', '/v1/embeddings', '{}', { authorization: 'Bearer good' })).status).toBe(200);
    expect(s.served).toEqual([{ endpoint: { kind: 'embeddings', format: 'openai' }, url: '/v1/embeddings', body: '{}', user: 'alice' }]);
    expect(s.seen.map((x) => x.user)).toEqual([undefined, 'alice']);
  });

  it('answers a failure of the serve function as an internal error', async () => {
    const s = await serve({ serve: () => Promise.reject(new Error('boom')) });
    const r = await s.send('POST', '/v1/responses', '{}');
    expect(r.status).toBe(500);
    expect(JSON.parse(r.text)).toMatchObject({ error: { message: 'internal error' } });
  });
});
