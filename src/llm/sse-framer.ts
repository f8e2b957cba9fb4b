import { createParser, type EventSourceMessage, type EventSourceParser } from 'eventsource-parser';

/** One complete SSE frame: its exact text (forwarded untouched when allowed) and the parsed event, if any. */
export interface SseFrame {
  readonly raw: string;
  /** Undefined for frames that carry no event (comments, keep-alives). */
  readonly event: EventSourceMessage | undefined;
}

/** Largest frame accepted: a tool call's arguments arrive in many frames, so one frame stays small. */
export const MAX_FRAME_CHARS = 8 * 1024 * 1024;

/**
 * Splits a provider's SSE stream into whole frames, keeping each frame's exact text, and parses each with
 * eventsource-parser (the spec's field rules: `data:` joining, `event:`, comments, CRLF). The buffer is
 * scanned by index from where the last scan stopped (MCP `ReadBuffer`), never re-split, and bounded.
 * @see https://html.spec.whatwg.org/multipage/server-sent-events.html#event-stream-interpretation
 */
export class SseFramer {
  #buf = '';
  #scanned = 0;
  #last: EventSourceMessage | undefined;
  readonly #parser: EventSourceParser;
  readonly #max: number;

  constructor(max = MAX_FRAME_CHARS) {
    this.#max = max;
    this.#parser = createParser({
      onEvent: (e) => {
        this.#last = e;
      },
    });
  }

  /** Adds decoded text; returns the frames it completed, or `undefined` when a frame outgrew the bound. */
  push(text: string): SseFrame[] | undefined {
    this.#buf = this.#buf === '' ? text : this.#buf + text;
    const out: SseFrame[] = [];
    let start = 0;
    for (;;) {
      const end = frameEnd(this.#buf, Math.max(start, this.#scanned - 3));
      if (end < 0) break;
      const raw = this.#buf.slice(start, end);
      start = end;
      this.#scanned = end;
      this.#last = undefined;
      this.#parser.feed(raw);
      out.push({ raw, event: this.#last });
    }
    if (start > 0) {
      this.#buf = this.#buf.slice(start);
      this.#scanned = 0;
    }
    this.#scanned = Math.max(this.#scanned, this.#buf.length);
    return this.#buf.length > this.#max ? undefined : out;
  }

  /** Text left after the last complete frame (a stream cut mid-frame). */
  rest(): string {
    return this.#buf;
  }
}

/** Index just past the first blank line at or after `from` (LF LF, CRLF CRLF or CR CR), or -1. */
function frameEnd(s: string, from: number): number {
  for (let i = s.indexOf('\n', from < 0 ? 0 : from); i >= 0; i = s.indexOf('\n', i + 1)) {
    if (s.charCodeAt(i + 1) === 10) return i + 2;
    if (s.charCodeAt(i + 1) === 13 && s.charCodeAt(i + 2) === 10) return i + 3;
  }
  const cr = s.indexOf('\r\r', from < 0 ? 0 : from);
  return cr < 0 ? -1 : cr + 2;
}
