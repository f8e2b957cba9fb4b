import { connect } from 'node:net';

/** What came back from the server: status, lower-cased headers, body. */
export interface MiniResponse {
  readonly status: number;
  readonly headers: ReadonlyMap<string, string>;
  readonly body: string;
}

/** Largest response read; a hook reply is a few hundred bytes, so anything near this is not our server. */
const MAX_RESPONSE = 16 * 1024 * 1024;

function dechunk(buf: Buffer): Buffer | undefined {
  const parts: Buffer[] = [];
  let i = 0;
  for (;;) {
    const eol = buf.indexOf('\r\n', i);
    if (eol < 0) return undefined;
    const size = Number.parseInt(buf.subarray(i, eol).toString('latin1'), 16);
    if (!Number.isFinite(size)) return undefined;
    if (size === 0) return Buffer.concat(parts);
    parts.push(buf.subarray(eol + 2, eol + 2 + size));
    i = eol + 2 + size + 2;
  }
}

/**
 * One HTTP/1.1 POST over a plain TCP socket (`Connection: close`), for the hook shim's hot path: `node:net` is
 * loaded anyway to read a piped stdin, while `node:http` adds about 8 ms of module loading to every tool call
 * (measured: `node -e 'require("http")'` vs `require("net")`, CPU time, Node 20). Handles a
 * `Content-Length` or chunked body, or one that ends with the connection. Rejects on a socket error, a
 * timeout, or a response that is not HTTP.
 */
export function postOverTcp(opts: { url: URL; headers: Readonly<Record<string, string>>; body: string; timeoutMs: number }): Promise<MiniResponse> {
  const { url } = opts;
  const port = url.port === '' ? 80 : Number(url.port);
  const host = url.hostname.startsWith('[') ? url.hostname.slice(1, -1) : url.hostname;
  return new Promise((resolve, reject) => {
    const socket = connect({ host, port });
    const chunks: Buffer[] = [];
    let size = 0;
    let done = false;
    const finish = (e: Error | undefined, r?: MiniResponse): void => {
      if (done) return;
      done = true;
      socket.destroy();
      if (e !== undefined || r === undefined) reject(e ?? new Error('no response'));
      else resolve(r);
    };
    socket.setTimeout(opts.timeoutMs, () => finish(new Error('timeout')));
    socket.on('error', (e) => finish(e));
    socket.on('connect', () => {
      const body = Buffer.from(opts.body, 'utf8');
      let head = `POST ${url.pathname}${url.search} HTTP/1.1\r\nHost: ${url.host}\r\nConnection: close\r\nContent-Length: ${body.length}\r\n`;
      for (const [k, v] of Object.entries(opts.headers)) head += `${k}: ${v}\r\n`;
      socket.write(`${head}\r\n`);
      socket.end(body);
    });
    socket.on('data', (c: Buffer) => {
      size += c.length;
      if (size > MAX_RESPONSE) finish(new Error('response too large'));
      else chunks.push(c);
    });
    socket.on('end', () => {
      const raw = Buffer.concat(chunks);
      const split = raw.indexOf('\r\n\r\n');
      const statusLine = /^HTTP\/1\.[01] (\d{3})/.exec(raw.subarray(0, Math.min(raw.length, 64)).toString('latin1'));
      if (split < 0 || statusLine === null) {
        finish(new Error('not an HTTP response'));
        return;
      }
      const headers = new Map<string, string>();
      for (const line of raw.subarray(0, split).toString('latin1').split('\r\n').slice(1)) {
        const colon = line.indexOf(':');
        if (colon > 0) headers.set(line.slice(0, colon).trim().toLowerCase(), line.slice(colon + 1).trim());
      }
      let body: Buffer | undefined = raw.subarray(split + 4);
      if (headers.get('transfer-encoding')?.toLowerCase() === 'chunked') body = dechunk(body);
      else if (headers.has('content-length')) body = body.subarray(0, Number(headers.get('content-length')));
      if (body === undefined) finish(new Error('truncated response'));
      else finish(undefined, { status: Number(statusLine[1]), headers, body: body.toString('utf8') });
    });
  });
}
