import { Readable } from 'node:stream';
import type { Dispatcher } from 'undici';
import type { CachedReply } from '../../core/index.js';

/**
 * A cached reply dressed as an upstream response, so it goes through exactly the reply path a fresh one takes
 * (usage metering, tool-call gating, stream framing). The reply path only iterates and destroys the body, which
 * a plain `Readable` does; undici's body type adds helpers it never calls.
 */
export function replayResponse(reply: CachedReply, headers: Readonly<Record<string, string>>): Dispatcher.ResponseData {
  const body = Readable.from([Buffer.from(reply.body.buffer, reply.body.byteOffset, reply.body.byteLength)]);
  return {
    statusCode: reply.status,
    statusText: 'OK',
    headers: { 'content-type': reply.contentType, ...headers },
    body: body as unknown as Dispatcher.ResponseData['body'],
    trailers: {},
    opaque: null,
    context: {},
  };
}

/** The bytes of an upstream body as they passed by, bounded. */
export interface Recording {
  parts: Buffer[];
  size: number;
  /** The body ended normally (not reset, not cut short by the client or a bound). */
  complete: boolean;
  /** Past the entry bound: nothing more is kept and the reply is not cached. */
  over: boolean;
}

/**
 * Wraps an upstream response so its body bytes are copied aside (up to `limit`) while they flow to the caller
 * unchanged: a stream is cached as the SSE bytes the provider sent, and replayed through the same stream gate.
 */
export function recordResponse(up: Dispatcher.ResponseData, limit: number): { readonly up: Dispatcher.ResponseData; readonly rec: Recording } {
  const rec: Recording = { parts: [], size: 0, complete: false, over: false };
  const src = up.body as AsyncIterable<Buffer>;
  async function* tee(): AsyncGenerator<Buffer> {
    for await (const c of src) {
      if (!rec.over) {
        rec.size += c.length;
        if (rec.size > limit) {
          rec.over = true;
          rec.parts = [];
        } else rec.parts.push(c);
      }
      yield c;
    }
    rec.complete = true;
  }
  const body = Readable.from(tee(), { objectMode: false });
  // Destroying the copy (client gone, frame too large) must release the upstream body too.
  body.once('close', () => {
    if (!rec.complete) up.body.destroy();
  });
  return { up: { ...up, body: body as unknown as Dispatcher.ResponseData['body'] }, rec };
}
