import type { IncomingHttpHeaders } from 'node:http';
import { pipeline, Readable, Transform } from 'node:stream';
import type { ChatError, ProviderCodec } from '../canonical/chat.js';
import { readBounded } from '../body.js';
import { chatFailure, isChatError } from '../providers/chat-error.js';
import type { UpstreamReply } from '../upstream.js';
import { chatErrorBody, chatErrorFrame } from '../upstream-error.js';
import type { WireFormat } from '../wire-format.js';
import { AnthropicEventEncoder } from './anthropic-events.js';
import { anthropicReplyOf } from './anthropic-reply.js';
import { OpenAiEventEncoder } from './openai-events.js';

/** What a translated answer needs: the provider's codec, the caller's format, and the bounds. */
export interface TranslateOptions {
  readonly codec: ProviderCodec;
  readonly format: WireFormat;
  /** The model sent upstream (replies that name none are labelled with it). */
  readonly model: string;
  readonly stream: boolean;
  /** Most bytes read of a whole (non-streamed) answer. */
  readonly maxBytes: number;
}

const NO_BYTES = new Uint8Array(0);

/** Response headers that describe the provider's body, not the one we make. */
const BODY_HEADERS = new Set(['content-type', 'content-length', 'content-encoding', 'transfer-encoding']);

function headersWith(h: IncomingHttpHeaders, type: string): IncomingHttpHeaders {
  const out: IncomingHttpHeaders = {};
  for (const k in h) if (!BODY_HEADERS.has(k)) out[k] = h[k];
  out['content-type'] = type;
  return out;
}

function asChatError(e: unknown): ChatError {
  return isChatError(e) ? { status: e.status, type: e.type, message: e.message } : { status: 502, type: 'api_error', message: 'the upstream answer could not be translated' };
}

function whole(up: UpstreamReply, status: number, body: string): UpstreamReply {
  return { statusCode: status, headers: headersWith(up.headers, 'application/json'), body: Readable.from([Buffer.from(body)], { objectMode: false }) };
}

/**
 * A provider's answer in the caller's format, so everything after routing (first-frame peek, tool-call gating,
 * usage metering, error pass-through) works on it as on an untranslated one. Errors and whole replies are read
 * here (bounded), decoded by the codec and re-encoded, keeping the status; a 2xx stream is re-encoded event by
 * event as it arrives, and a stream that fails mid-way ends with the caller's error event. Rejects as the
 * upstream body does (a reset, a timeout), so routing can fail over.
 */
export async function translatedReply(up: UpstreamReply, o: TranslateOptions): Promise<UpstreamReply> {
  const ok = up.statusCode >= 200 && up.statusCode < 300;
  if (ok && o.stream) return streamed(up, o);
  const raw = await readBounded(up.body, o.maxBytes);
  if (raw === undefined) return whole(up, 502, chatErrorBody(o.format, { status: 502, type: 'api_error', message: 'the upstream answer is larger than the gateway accepts' }));
  const text = raw.toString('utf8');
  if (!ok) {
    const e = o.codec.decodeError(up.statusCode, text);
    return whole(up, up.statusCode, chatErrorBody(o.format, { ...e, status: up.statusCode }));
  }
  try {
    let parsed: unknown;
    try {
      parsed = JSON.parse(text);
    } catch {
      throw chatFailure({ status: 502, type: 'api_error', message: 'the upstream answer is not JSON' });
    }
    const c = o.codec.decodeReply(parsed, o.model);
    return whole(up, up.statusCode, o.format === 'anthropic' ? JSON.stringify(anthropicReplyOf(c)) : JSON.stringify(c));
  } catch (e) {
    const err = asChatError(e);
    return whole(up, err.status, chatErrorBody(o.format, err));
  }
}

function streamed(up: UpstreamReply, o: TranslateOptions): UpstreamReply {
  const decoder = o.codec.streamDecoder(o.model);
  const encoder = o.format === 'anthropic' ? new AnthropicEventEncoder(o.model) : new OpenAiEventEncoder();
  let failed = false;
  let decoded = false;
  const fail = (e: unknown): string => {
    failed = true;
    return encoder.abort() + chatErrorFrame(o.format, asChatError(e));
  };
  const t = new Transform({
    transform(chunk: Buffer, _enc, done) {
      // After a failure the rest of the provider's stream is drained unread.
      if (failed) return done();
      let out: string;
      try {
        // Chunks before an error come back first; the error is thrown by the next push (FailureLatch).
        const chunks = decoder.push(chunk);
        if (chunks.length > 0) decoded = true;
        out = encoder.push(chunks);
      } catch (e) {
        out = fail(e);
      }
      done(null, out === '' ? undefined : out);
    },
    flush(done) {
      if (failed) return done();
      let out = '';
      try {
        const chunks = decoder.end();
        // A stream with no event at all is a failure, not an empty answer (routing fails it over when it can).
        if (!decoded && chunks.length === 0) throw chatFailure({ status: 502, type: 'api_error', message: 'the upstream stream ended before its first event' });
        out = encoder.push(chunks);
        // A failure met inside end() after those chunks is thrown by the decoder's next call (FailureLatch).
        out += encoder.push(decoder.push(NO_BYTES)) + encoder.end();
      } catch (e) {
        out += fail(e);
      }
      done(null, out);
    },
  });
  // A reset upstream errors the translated body (the caller's stream ends with its error event); the caller
  // going away destroys it, and with it the upstream body.
  pipeline(up.body, t, () => undefined);
  return { statusCode: up.statusCode, headers: headersWith(up.headers, 'text/event-stream; charset=utf-8'), body: t };
}
