import type { Readable } from 'node:stream';
import type { WireFormat } from '../wire-format.js';
import { anthropicErrorStatus } from '../anthropic/error-status.js';

/** Most bytes held while waiting for a stream's first event; past it, the stream is passed on unjudged. */
const MAX_PEEK = 64 * 1024;

/** How a stream began. `frame` holds its first event's text; its bytes are back in the stream, unread. */
export type FirstFrame = { readonly kind: 'frame'; readonly text: string } | { readonly kind: 'ended' };

function frameEnd(b: Buffer): number {
  const lf = b.indexOf('\n\n');
  const crlf = b.indexOf('\r\n\r\n');
  return lf < 0 ? crlf : crlf < 0 ? lf : Math.min(lf, crlf);
}

/** Waits for more data, the end, or the error (which rejects); listeners removed either way. */
function readableOrEnd(body: Readable): Promise<void> {
  if (body.errored !== null) return Promise.reject(body.errored);
  if (body.destroyed) return Promise.reject(new Error('stream destroyed'));
  return new Promise((resolve, reject) => {
    const off = (): void => {
      body.off('readable', done);
      body.off('end', done);
      body.off('error', fail);
      body.off('close', closed);
    };
    const done = (): void => {
      off();
      resolve();
    };
    const fail = (e: unknown): void => {
      off();
      reject(e);
    };
    const closed = (): void => fail(body.errored ?? new Error('stream closed'));
    body.on('readable', done);
    body.on('end', done);
    body.on('error', fail);
    body.on('close', closed);
  });
}

/**
 * Reads a stream up to the end of its first SSE event and puts the bytes back (`unshift`), so the caller can
 * decide on it before anything goes to the client and then relay the stream whole. Rejects as the stream does
 * (a reset, a body timeout).
 */
export async function peekFirstFrame(body: Readable): Promise<FirstFrame> {
  let held: Buffer = Buffer.alloc(0);
  for (;;) {
    let chunk: Buffer | null;
    while ((chunk = body.read() as Buffer | null) !== null) {
      held = held.length === 0 ? chunk : Buffer.concat([held, chunk]);
      const end = frameEnd(held);
      if (end >= 0 || held.length >= MAX_PEEK) {
        body.unshift(held);
        return { kind: 'frame', text: held.subarray(0, end < 0 ? held.length : end).toString('utf8') };
      }
    }
    if (body.readableEnded) {
      if (held.length > 0) body.unshift(held);
      return held.length > 0 ? { kind: 'frame', text: held.toString('utf8') } : { kind: 'ended' };
    }
    await readableOrEnd(body);
  }
}

/**
 * The status a first event stands for when it is an error (Anthropic's `event: error`, an OpenAI chunk holding
 * `error`), so a stream that fails before it starts falls over like an error response; undefined otherwise.
 * The event's JSON is the same object the provider sends as an error response body.
 */
export function firstFrameError(format: WireFormat, text: string): { readonly status: number; readonly body: string } | undefined {
  if (format === 'anthropic' && !/^event: ?error\r?$/m.test(text)) return undefined;
  const data = /^data: ?(.*)$/m.exec(text)?.[1];
  if (data === undefined || !data.includes('"error"')) return undefined;
  let e: unknown;
  try {
    e = (JSON.parse(data) as { error?: unknown }).error;
  } catch {
    return undefined;
  }
  if (e === null || typeof e !== 'object') return undefined;
  const type = (e as { type?: unknown }).type;
  if (format === 'anthropic') return { status: anthropicErrorStatus(type), body: data };
  const code = (e as { code?: unknown }).code;
  return { status: type === 'rate_limit_error' || code === 'rate_limit_exceeded' ? 429 : 500, body: data };
}
