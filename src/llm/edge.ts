import type { IncomingMessage, ServerResponse } from 'node:http';
import { isAuthFailure, type Authenticator, type Principal } from '../identity/principal.js';
import { readBounded } from './body.js';
import { sendWireError } from './send.js';
import type { WireFormat } from './wire-format.js';

/** The POST endpoints of the LLM gateway; `kind` says which serve function answers. */
export type LlmEndpoint =
  | { readonly kind: 'model'; readonly format: WireFormat; readonly inspect: boolean }
  | { readonly kind: 'embeddings'; readonly format: 'openai' }
  | { readonly kind: 'responses'; readonly format: 'openai' };

/** Route template to endpoint: the same templates the framework routes register (and the request log names). */
export const LLM_ENDPOINTS: ReadonlyMap<string, LlmEndpoint> = new Map<string, LlmEndpoint>([
  ['/v1/messages', { kind: 'model', format: 'anthropic', inspect: true }],
  ['/v1/messages/count_tokens', { kind: 'model', format: 'anthropic', inspect: false }],
  ['/v1/chat/completions', { kind: 'model', format: 'openai', inspect: true }],
  ['/v1/embeddings', { kind: 'embeddings', format: 'openai' }],
  ['/v1/responses', { kind: 'responses', format: 'openai' }],
]);

/** One authenticated request with its body read, ready for a serve function. */
export interface EdgeRequest {
  readonly endpoint: LlmEndpoint;
  readonly url: string;
  readonly req: IncomingMessage;
  readonly body: Buffer;
  readonly principal: Principal | undefined;
}

/** What the request log learns of an edge request when it ends. */
export interface EdgeSeen {
  readonly id: string;
  readonly route: string;
  readonly user: string | undefined;
}

export interface LlmEdgeOptions {
  readonly authenticate?: Authenticator | undefined;
  readonly maxBodyBytes: number;
  readonly serve: (r: EdgeRequest, res: ServerResponse) => Promise<void>;
  /** Logs the request when its response ends; `seen` is read then. */
  readonly watch?: ((req: IncomingMessage, res: ServerResponse, seen: () => EdgeSeen) => void) | undefined;
  /** True once the server is closing: requests go to the framework then, which answers 503. */
  readonly closing: () => boolean;
}

/** Request ids of the edge: their own sequence, apart from the framework's `req-…` ones. */
let nextId = 0;

/**
 * The model endpoints on bare `node:http`, ahead of the framework: every model request passes here, and the
 * general router's per-request work (hooks, content-type parsing, reply objects, a promise per stage) was a
 * large share of the gateway's CPU per request at high concurrency. Does what the framework route does:
 * authenticates, reads the body within its own bound, logs the request when it ends, answers every error in
 * the caller's format. Returns false for anything else (other paths and methods), which the framework serves.
 */
export function llmEdge(o: LlmEdgeOptions): (req: IncomingMessage, res: ServerResponse) => boolean {
  return (req, res) => {
    if (req.method !== 'POST') return false;
    const url = req.url ?? '';
    const q = url.indexOf('?');
    const route = q === -1 ? url : url.slice(0, q);
    const endpoint = LLM_ENDPOINTS.get(route);
    if (endpoint === undefined || o.closing()) return false;
    nextId = (nextId + 1) & 0x7fffffff;
    const id = `llm-${nextId.toString(36)}`;
    let principal: Principal | undefined;
    o.watch?.(req, res, () => ({ id, route, user: principal?.user }));
    const answer = async (): Promise<void> => {
      if (o.authenticate !== undefined) {
        const r = await o.authenticate({ headers: req.headers, ip: req.socket.remoteAddress });
        if (isAuthFailure(r)) {
          if (r.wwwAuthenticate !== undefined) res.setHeader('www-authenticate', r.wwwAuthenticate);
          return sendWireError(res, endpoint.format, r.code, r.message);
        }
        principal = r;
      }
      const body = await readBody(req, o.maxBodyBytes);
      if (typeof body === 'string') {
        if (body === 'left') {
          // Nothing can be answered; the request log records the client closing, as the model log does.
          res.statusCode = 499;
          return void res.end();
        }
        const large = body === 'too-large';
        return sendWireError(res, endpoint.format, large ? 'PAYLOAD_TOO_LARGE' : 'BAD_REQUEST', large ? `the request body is larger than ${o.maxBodyBytes} bytes` : 'the request body could not be read');
      }
      await o.serve({ endpoint, url, req, body, principal }, res);
    };
    answer().catch(() => sendWireError(res, endpoint.format, 'INTERNAL', 'internal error'));
    return true;
  };
}

/**
 * The request body within `max` bytes: `too-large` (by its declared length, or once more arrived), `bad` (a
 * declared length that is no number), or `left` (the client went away before it ended).
 */
export function readBody(req: IncomingMessage, max: number): Promise<Buffer | 'too-large' | 'bad' | 'left'> {
  const declared = req.headers['content-length'];
  if (declared !== undefined) {
    const n = Number(declared);
    if (!Number.isInteger(n) || n < 0) return Promise.resolve('bad');
    if (n > max) return Promise.resolve('too-large');
  }
  // Gone while it was being authenticated (no `close` is coming any more), or at any point before its end.
  return readBounded(req, max, 'keep').then(
    (body) => body ?? 'too-large',
    () => 'left' as const,
  );
}
