import { createServer, type IncomingHttpHeaders, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

/** One request a fake received, kept for assertions. */
export interface RecordedRequest {
  readonly method: string;
  /** Path and query, as sent. */
  readonly url: string;
  readonly path: string;
  readonly query: URLSearchParams;
  readonly headers: IncomingHttpHeaders;
  /** The raw body text. */
  readonly raw: string;
  /** The body parsed as JSON; undefined when absent or not JSON (see `jsonError`). */
  readonly body: unknown;
  readonly jsonError: string | undefined;
}

/** A running fake: its base URL, the requests it got, and a way to stop it. */
export interface FakeServer {
  readonly url: string;
  readonly requests: RecordedRequest[];
  close(): Promise<void>;
}

/** Bodies past this size are cut off with a 413: a fake must not buffer without bound either. */
const MAX_BODY = 64 * 1024 * 1024;

function readBody(req: IncomingMessage): Promise<string | undefined> {
  return new Promise((resolve, reject) => {
    const parts: Buffer[] = [];
    let size = 0;
    req.on('data', (c: Buffer) => {
      size += c.length;
      if (size > MAX_BODY) {
        resolve(undefined);
        req.destroy();
        return;
      }
      parts.push(c);
    });
    req.on('end', () => resolve(Buffer.concat(parts).toString('utf8')));
    req.on('error', reject);
  });
}

/** Sends a JSON answer. */
export function sendJson(res: ServerResponse, status: number, body: unknown, headers: Record<string, string> = {}): void {
  const text = JSON.stringify(body);
  res.writeHead(status, { 'content-type': 'application/json', 'content-length': Buffer.byteLength(text), ...headers });
  res.end(text);
}

/** Starts an SSE answer. */
export function startSse(res: ServerResponse): void {
  res.writeHead(200, { 'content-type': 'text/event-stream', 'cache-control': 'no-cache', connection: 'keep-alive' });
}

/** Writes one SSE event: an optional `event:` line and one `data:` line of JSON. */
export function writeSse(res: ServerResponse, data: unknown, event?: string): void {
  res.write(`${event === undefined ? '' : `event: ${event}\n`}data: ${JSON.stringify(data)}\n\n`);
}

/**
 * Starts an HTTP server on 127.0.0.1 and a free port that records every request (headers and body) before
 * handing it to `handle`. A handler that throws answers 500 instead of hanging the client.
 */
export async function startRecordingServer(handle: (req: RecordedRequest, res: ServerResponse) => void | Promise<void>): Promise<FakeServer> {
  const requests: RecordedRequest[] = [];
  const server = createServer((req, res) => {
    void (async () => {
      const raw = await readBody(req);
      const url = req.url ?? '/';
      const q = url.indexOf('?');
      const base = { method: req.method ?? 'GET', url, path: q < 0 ? url : url.slice(0, q), query: new URLSearchParams(q < 0 ? '' : url.slice(q + 1)), headers: req.headers };
      if (raw === undefined) {
        requests.push({ ...base, raw: '', body: undefined, jsonError: 'body too large' });
        sendJson(res, 413, { error: 'body too large' });
        return;
      }
      let body: unknown;
      let jsonError: string | undefined;
      if (raw !== '') {
        try {
          body = JSON.parse(raw);
        } catch (e) {
          jsonError = (e as Error).message;
        }
      }
      const rec: RecordedRequest = { ...base, raw, body, jsonError };
      requests.push(rec);
      await handle(rec, res);
    })().catch((e: unknown) => {
      if (!res.headersSent) sendJson(res, 500, { error: String(e) });
      else res.end();
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    requests,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
