import { AsyncResource } from 'node:async_hooks';
import { StringDecoder } from 'node:string_decoder';
import type { Transport } from '@modelcontextprotocol/sdk/shared/transport.js';
import type { JSONRPCMessage } from '@modelcontextprotocol/sdk/types.js';
import { Pool, type Dispatcher } from 'undici';

/** Response headers as undici hands them over (lower-case names). */
type Headers = Parameters<NonNullable<Dispatcher.DispatchHandler['onResponseStart']>>[2];
import { currentCallHeaders } from './credentials.js';
import { SseReader } from './sse-reader.js';

/** What every POST says of its body and of the answers it takes. */
const POST_HEADERS = { 'content-type': 'application/json', accept: 'application/json, text/event-stream' } as const;

/** Most bytes of one JSON response read from an upstream. */
const MAX_RESPONSE = 16 * 1024 * 1024;

/** Connection errors after which the server is taken as gone (restarted, crashed); `UND_ERR_SOCKET`: it closed the socket mid-request. */
const LOST_CODES: ReadonlySet<unknown> = new Set(['ECONNREFUSED', 'ECONNRESET', 'UND_ERR_SOCKET']);

function isRequest(m: JSONRPCMessage): m is JSONRPCMessage & { id: string | number; method: string } {
  return 'method' in m && 'id' in m;
}

/** What reads one response's body, once its status and headers are known. */
interface BodyReader {
  data(chunk: Buffer): void;
  end(): void;
  error(e: Error): void;
}

/** The one value of a response header (the first, when repeated). */
function header(headers: Headers, name: string): string | undefined {
  const v = headers[name];
  return Array.isArray(v) ? v[0] : v;
}

/**
 * An MCP Streamable HTTP client transport (spec 2025-03-26+) over one undici connection pool per upstream,
 * for the SDK `Client` and `RawCalls`. The SDK's own transport goes through `fetch` and web streams, and
 * `node:http`'s client costs about twice undici's dispatch per request (request object, header validation,
 * readable stream of the response), which on the gateway's hot path is a call's largest cost after the
 * sockets' own. It speaks the same wire: POST each message, read a JSON or SSE answer, keep
 * `Mcp-Session-Id` and `Mcp-Protocol-Version`, and hold one GET stream for server notifications such as
 * `tools/list_changed`. No header or body timeouts: a call's own timeout (the caller's) bounds it.
 */
export class HttpClientTransport implements Transport {
  onmessage?: (message: JSONRPCMessage) => void;
  onerror?: (error: Error) => void;
  onclose?: () => void;
  sessionId?: string | undefined;
  readonly #path: string;
  readonly #headers: Readonly<Record<string, string>>;
  readonly #pool: Pool;
  #protocolVersion: string | undefined;
  /** The headers of a POST without call headers, for the session and version they were made for. */
  #plainPost: { readonly sessionId: string | undefined; readonly version: string | undefined; readonly headers: Readonly<Record<string, string>> } | undefined;
  #closed = false;
  /** The GET stream, while open: aborting it ends it. */
  #listening: { abort(why: Error): void } | undefined;

  constructor(url: URL, headers: Readonly<Record<string, string>> = {}) {
    this.#path = `${url.pathname}${url.search}`;
    this.#headers = headers;
    this.#pool = new Pool(url.origin, { connections: 256, headersTimeout: 0, bodyTimeout: 0 });
  }

  start(): Promise<void> {
    return Promise.resolve();
  }

  setProtocolVersion(version: string): void {
    this.#protocolVersion = version;
  }

  #baseHeaders(): Record<string, string> {
    const h: Record<string, string> = { ...this.#headers };
    if (this.sessionId !== undefined) h['mcp-session-id'] = this.sessionId;
    if (this.#protocolVersion !== undefined) h['mcp-protocol-version'] = this.#protocolVersion;
    return h;
  }

  /**
   * A POST's headers. Without call headers they are the same for every message of a session, so they are made
   * once per session id and protocol version (undici reads them and keeps none of the object).
   */
  #postHeaders(extra: Readonly<Record<string, string>> | undefined): Readonly<Record<string, string>> {
    if (extra !== undefined) return { ...this.#baseHeaders(), ...extra, ...POST_HEADERS };
    const made = this.#plainPost;
    if (made !== undefined && made.sessionId === this.sessionId && made.version === this.#protocolVersion) return made.headers;
    const headers = { ...this.#baseHeaders(), ...POST_HEADERS };
    this.#plainPost = { sessionId: this.sessionId, version: this.#protocolVersion, headers };
    return headers;
  }

  send(message: JSONRPCMessage): Promise<void> {
    if (this.#closed) return Promise.reject(new Error('transport closed'));
    const body = JSON.stringify(message);
    // Read now: the call's credential headers live in the caller's async context.
    const headers = this.#postHeaders(currentCallHeaders());
    // What the answer carries is handled in the sender's async context, as node:http does: a server's request
    // on a call's SSE stream (sampling, roots) finds the route of the call it belongs to (call-route.ts).
    const scope = new AsyncResource('rampart.mcp.post');
    return new Promise((resolve, reject) => {
      let reader: BodyReader | undefined;
      this.#pool.dispatch(
        { path: this.#path, method: 'POST', headers, body },
        {
          onRequestStart: () => undefined,
          onResponseStart: (controller, status, h) => {
            const sid = header(h, 'mcp-session-id');
            if (sid !== undefined) this.sessionId = sid;
            resolve();
            reader = this.#reader(controller, status, h, message);
            if ('method' in message && message.method === 'notifications/initialized') this.#listen();
          },
          onResponseData: (_c, chunk) => scope.runInAsyncScope(() => reader?.data(chunk)),
          onResponseEnd: () => scope.runInAsyncScope(() => reader?.end()),
          onResponseError: (_c, e) =>
            scope.runInAsyncScope(() => {
              if (reader !== undefined) {
                reader.error(e);
                return;
              }
              reject(e);
              this.onerror?.(e);
              if (LOST_CODES.has((e as NodeJS.ErrnoException).code)) this.#lost();
            }),
        },
      );
    });
  }

  /** How one POST's answer is read: nothing (202), JSON, or an SSE stream of messages. */
  #reader(controller: Dispatcher.DispatchController, status: number, headers: Headers, sent: JSONRPCMessage): BodyReader {
    if (status === 404 && this.sessionId !== undefined) {
      // Spec: 404 for a session id means the session ended; the client must start a new one.
      this.#fail(sent, 'HTTP 404 (session expired)');
      this.#lost();
      return { data: () => undefined, end: () => undefined, error: () => undefined };
    }
    if ((header(headers, 'content-type') ?? '').startsWith('text/event-stream')) return this.#sseReader(controller, (e) => this.onerror?.(e));
    const chunks: Buffer[] = [];
    let size = 0;
    return {
      data: (chunk) => {
        size += chunk.length;
        if (size > MAX_RESPONSE) controller.abort(new Error('response too large'));
        else chunks.push(chunk);
      },
      error: (e) => this.#fail(sent, e.message),
      end: () => {
        const text = chunks.length === 1 ? (chunks[0] as Buffer).toString('utf8') : Buffer.concat(chunks).toString('utf8');
        if (status === 202 || text === '') {
          if (status >= 400) this.#fail(sent, `HTTP ${status}`);
          return;
        }
        if (!this.#deliver(text) && status >= 400) this.#fail(sent, `HTTP ${status}`);
      },
    };
  }

  /** Reads an SSE body, handing over each event's data; an event past the bound drops the stream. */
  #sseReader(controller: Dispatcher.DispatchController, onError: (e: Error) => void): BodyReader {
    const decoder = new StringDecoder('utf8');
    const sse = new SseReader((data) => this.#deliver(data));
    return {
      data: (chunk) => {
        if (!sse.push(decoder.write(chunk))) controller.abort(new Error('SSE event too large'));
      },
      end: () => undefined,
      error: onError,
    };
  }

  /** Parses and hands over one JSON message or batch; false when it was not JSON-RPC. */
  #deliver(text: string): boolean {
    let parsed: unknown;
    try {
      parsed = JSON.parse(text);
    } catch {
      this.onerror?.(new Error('upstream sent invalid JSON'));
      return false;
    }
    const list = Array.isArray(parsed) ? parsed : [parsed];
    let ok = false;
    for (const m of list) {
      if (typeof m === 'object' && m !== null && (m as { jsonrpc?: unknown }).jsonrpc === '2.0') {
        ok = true;
        this.onmessage?.(m as JSONRPCMessage);
      }
    }
    return ok;
  }

  /** Answers a request that got no JSON-RPC reply, so the caller fails now instead of at its timeout. */
  #fail(sent: JSONRPCMessage, why: string): void {
    if (!isRequest(sent)) {
      this.onerror?.(new Error(`upstream refused a notification: ${why}`));
      return;
    }
    this.onmessage?.({ jsonrpc: '2.0', id: sent.id, error: { code: -32603, message: `upstream answered ${why}` } });
  }

  /** Opens the GET stream for server-initiated messages; a 405 means the server offers none. */
  #listen(): void {
    if (this.#closed || this.#listening !== undefined) return;
    let reader: BodyReader | undefined;
    const stream = { abort: (why: Error): void => void why };
    const stop = (): void => {
      if (this.#listening === stream) this.#listening = undefined;
    };
    this.#listening = stream;
    this.#pool.dispatch(
      { path: this.#path, method: 'GET', headers: { ...this.#baseHeaders(), accept: 'text/event-stream' } },
      {
        onRequestStart: (controller) => {
          stream.abort = (why) => controller.abort(why);
        },
        onResponseStart: (controller, status) => {
          // Anything but 200 (405: no stream offered) is read and dropped.
          if (status === 200) reader = this.#sseReader(controller, () => undefined);
          else stop();
        },
        onResponseData: (_c, chunk) => reader?.data(chunk),
        onResponseEnd: stop,
        onResponseError: stop,
      },
    );
  }

  /** Ends this transport after the server lost the session or went away; `onclose` tells the owner. */
  #lost(): void {
    if (this.#closed) return;
    this.#closed = true;
    this.#listening?.abort(new Error('transport closed'));
    void this.#pool.destroy().catch(() => undefined);
    this.onclose?.();
  }

  async close(): Promise<void> {
    if (this.#closed) return;
    this.#closed = true;
    this.#listening?.abort(new Error('transport closed'));
    const sid = this.sessionId;
    if (sid !== undefined) {
      // Tell the server the session is over (spec: DELETE with the session id); best effort, 1 s at most.
      await new Promise<void>((resolve) => {
        const timer = setTimeout(resolve, 1000);
        const done = (): void => {
          clearTimeout(timer);
          resolve();
        };
        this.#pool.dispatch(
          { path: this.#path, method: 'DELETE', headers: this.#baseHeaders() },
          { onRequestStart: () => undefined, onResponseEnd: done, onResponseError: done },
        );
      });
    }
    await this.#pool.destroy().catch(() => undefined);
    this.onclose?.();
  }
}
