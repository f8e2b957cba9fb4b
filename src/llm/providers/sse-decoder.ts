import type { EventSourceMessage } from 'eventsource-parser';
import type { ChatError } from '../canonical/chat.js';
import { SseFramer } from '../sse-framer.js';
import { chatFailure } from './chat-error.js';

const STREAM_BROKEN: ChatError = { status: 502, type: 'api_error', message: 'the upstream stream ended in the middle of an event' };

/**
 * Provider stream bytes to SSE events, for the stream decoders: UTF-8 decoded across chunk boundaries,
 * framed by the gateway's bounded `SseFramer`. Throws a `ChatError` when a frame outgrows the bound or the
 * stream stops mid-frame.
 */
export class SseEvents {
  readonly #framer = new SseFramer();
  readonly #text = new TextDecoder();

  push(bytes: Uint8Array): EventSourceMessage[] {
    const frames = this.#framer.push(this.#text.decode(bytes, { stream: true }));
    if (frames === undefined) throw chatFailure({ status: 502, type: 'api_error', message: 'an upstream stream frame exceeded the size bound' });
    const out: EventSourceMessage[] = [];
    for (const f of frames) if (f.event !== undefined) out.push(f.event);
    return out;
  }

  /** The stream ended: complete frames are all there was, unless text is left over. */
  end(): EventSourceMessage[] {
    const tail = this.#framer.push(this.#text.decode());
    const rest = this.#framer.rest();
    if (rest.trim() !== '') {
      // A last event without its blank line is still whole when it ends in a newline (some servers do that).
      const more = /\n$/.test(rest) ? this.#framer.push('\n') : undefined;
      if (more === undefined || this.#framer.rest().trim() !== '') throw chatFailure(STREAM_BROKEN);
      return [...(tail ?? []), ...more].flatMap((f) => (f.event === undefined ? [] : [f.event]));
    }
    return (tail ?? []).flatMap((f) => (f.event === undefined ? [] : [f.event]));
  }
}

/** Parses an event's data as a JSON object; undefined when it is not one. */
export function eventJson(e: EventSourceMessage): Record<string, unknown> | undefined {
  if (e.data === '' || e.data.charCodeAt(0) !== 123 /* { */) return undefined;
  try {
    const v: unknown = JSON.parse(e.data);
    return v !== null && typeof v === 'object' && !Array.isArray(v) ? (v as Record<string, unknown>) : undefined;
  } catch {
    return undefined;
  }
}
