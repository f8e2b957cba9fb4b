import type { OutgoingHttpHeaders } from 'node:http';
import type { ChatChunk, ChatCompletion } from '../canonical/chat.js';
import type { LlmReplyTarget } from '../reply-target.js';
import { SseFramer } from '../sse-framer.js';
import { frameJson } from '../stream-gate.js';
import { ResponsesEventEncoder } from './events.js';
import { responseOf } from './reply.js';

type Mode = 'pending' | 'json' | 'stream' | 'pass';

function without(h: OutgoingHttpHeaders | undefined, name: string): OutgoingHttpHeaders {
  const out: OutgoingHttpHeaders = {};
  for (const k in h) if (k.toLowerCase() !== name) out[k] = h[k];
  return out;
}

function isEventStream(h: OutgoingHttpHeaders | undefined): boolean {
  for (const k in h) if (k.toLowerCase() === 'content-type') return String(h[k]).startsWith('text/event-stream');
  return false;
}

/**
 * Serves a Responses caller from the gateway's Chat Completions answer: the gateway writes Chat Completions
 * (already gated, metered and logged) to this adapter, which writes the Responses form to the caller. A whole
 * reply is rewritten at its end; a stream is re-encoded frame by frame; an error passes as it is (the two APIs
 * share the error shape), and so does a stream's error event (the SDK raises it).
 */
export class ResponsesReply implements LlmReplyTarget {
  readonly #res: LlmReplyTarget;
  #mode: Mode = 'pending';
  #status = 200;
  #headers: OutgoingHttpHeaders = {};
  readonly #held: Buffer[] = [];
  readonly #framer = new SseFramer();
  readonly #text = new TextDecoder();
  readonly #encoder: ResponsesEventEncoder;
  /** An error event went out: the stream ends there, without `response.completed`. */
  #failed = false;

  constructor(res: LlmReplyTarget, model: string) {
    this.#res = res;
    this.#encoder = new ResponsesEventEncoder(model);
  }

  get headersSent(): boolean {
    return this.#mode !== 'pending' || this.#res.headersSent;
  }
  get destroyed(): boolean {
    return this.#res.destroyed;
  }
  get writableFinished(): boolean {
    return this.#res.writableFinished;
  }
  get statusCode(): number {
    return this.#status;
  }

  writeHead(status: number, headers?: OutgoingHttpHeaders): this {
    this.#status = status;
    this.#headers = headers ?? {};
    const ok = status >= 200 && status < 300;
    this.#mode = ok ? (isEventStream(headers) ? 'stream' : 'json') : 'pass';
    if (this.#mode === 'stream') this.#res.writeHead(status, without(headers, 'content-length'));
    else if (this.#mode === 'pass') this.#res.writeHead(status, headers);
    return this;
  }

  flushHeaders(): void {
    if (this.#mode !== 'json') this.#res.flushHeaders();
  }

  write(chunk: string | Uint8Array): boolean {
    switch (this.#mode) {
      case 'json':
        this.#held.push(Buffer.from(chunk));
        return true;
      case 'stream': {
        const out = this.#translate(chunk);
        return out === '' ? true : this.#res.write(out);
      }
      case 'pending':
      case 'pass':
        return this.#res.write(chunk);
    }
  }

  end(chunk?: string | Uint8Array): this {
    switch (this.#mode) {
      case 'json': {
        if (chunk !== undefined) this.#held.push(Buffer.from(chunk));
        let body: string;
        try {
          body = JSON.stringify(responseOf(JSON.parse(Buffer.concat(this.#held).toString('utf8')) as ChatCompletion));
        } catch {
          this.#status = 502;
          body = JSON.stringify({ error: { message: 'the model answer could not be rewritten as a response', type: 'server_error', param: null, code: null } });
        }
        this.#res.writeHead(this.#status, { ...without(this.#headers, 'content-length'), 'content-type': 'application/json', 'content-length': Buffer.byteLength(body) });
        this.#res.end(body);
        return this;
      }
      case 'stream': {
        let out = (chunk === undefined ? '' : this.#translate(chunk)) + this.#translate('');
        if (!this.#failed) out += this.#encoder.end();
        this.#res.end(out === '' ? undefined : out);
        return this;
      }
      case 'pending':
      case 'pass':
        this.#res.end(chunk);
        return this;
    }
  }

  destroy(): this {
    this.#res.destroy();
    return this;
  }

  on(event: 'close' | 'drain', listener: () => void): this {
    this.#res.on(event, listener);
    return this;
  }

  off(event: 'close' | 'drain', listener: () => void): this {
    this.#res.off(event, listener);
    return this;
  }

  /** Chat Completions SSE text in, Responses SSE text out; error chunks pass as they are. */
  #translate(chunk: string | Uint8Array): string {
    const frames = this.#framer.push(typeof chunk === 'string' ? chunk : this.#text.decode(chunk, { stream: true }));
    if (frames === undefined) return '';
    let out = '';
    for (const f of frames) {
      const o = frameJson(f);
      if (o === undefined) continue;
      if (o['error'] !== undefined) {
        this.#failed = true;
        out += f.raw;
      } else if (this.#failed) continue;
      else if (Array.isArray(o['choices'])) out += this.#encoder.push([o as unknown as ChatChunk]);
    }
    return out;
  }
}
