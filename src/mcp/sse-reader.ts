/** Most characters one SSE event may hold before the stream is treated as broken (bounded framer). */
const MAX_EVENT = 8 * 1024 * 1024;

/**
 * An incremental `text/event-stream` reader (WHATWG HTML §9.2): feed it chunks, it calls `onData` with the
 * data of each complete event. Scans indexes instead of splitting the whole buffer (STYLE.md §5).
 */
export class SseReader {
  #buf = '';
  #data: string[] = [];
  readonly #onData: (data: string) => void;

  constructor(onData: (data: string) => void) {
    this.#onData = onData;
  }

  /** Consumes a chunk; returns false when an event exceeded the bound (the caller drops the stream). */
  push(chunk: string): boolean {
    this.#buf += chunk;
    let start = 0;
    for (let nl = this.#buf.indexOf('\n', start); nl !== -1; nl = this.#buf.indexOf('\n', start)) {
      let line = this.#buf.slice(start, nl);
      start = nl + 1;
      if (line.endsWith('\r')) line = line.slice(0, -1);
      if (line === '') {
        if (this.#data.length > 0) this.#onData(this.#data.join('\n'));
        this.#data = [];
      } else if (line.startsWith('data:')) {
        this.#data.push(line.charCodeAt(5) === 32 ? line.slice(6) : line.slice(5));
      }
    }
    this.#buf = this.#buf.slice(start);
    return this.#buf.length <= MAX_EVENT;
  }
}
