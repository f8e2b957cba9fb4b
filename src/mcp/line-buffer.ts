import { STDIO_DEFAULT_MAX_BUFFER_SIZE } from '@modelcontextprotocol/sdk/shared/stdio.js';

/**
 * Newline-delimited lines from a byte stream, split as the MCP SDK's stdio `ReadBuffer` splits them (a
 * trailing `\r` dropped, the same 10 MB bound on what waits for its newline), without copying a chunk onto
 * the empty rest of the previous one: a whole line per chunk, the usual case, is never copied.
 */
export class LineBuffer {
  readonly #max: number;
  #buffer: Buffer | undefined;

  constructor(max: number = STDIO_DEFAULT_MAX_BUFFER_SIZE) {
    this.#max = max;
  }

  /** Adds a chunk; throws (and forgets what it held) when the unfinished line would pass the bound. */
  append(chunk: Buffer): void {
    const held = this.#buffer;
    if ((held?.length ?? 0) + chunk.length > this.#max) {
      this.#buffer = undefined;
      throw new Error(`ReadBuffer exceeded maximum size of ${this.#max} bytes`);
    }
    this.#buffer = held === undefined ? chunk : Buffer.concat([held, chunk]);
  }

  /** The next whole line (UTF-8, without its newline), or `undefined` until one is complete. */
  next(): string | undefined {
    const buf = this.#buffer;
    if (buf === undefined) return undefined;
    const nl = buf.indexOf(10);
    if (nl === -1) return undefined;
    const end = nl > 0 && buf[nl - 1] === 13 ? nl - 1 : nl;
    this.#buffer = nl + 1 === buf.length ? undefined : buf.subarray(nl + 1);
    return buf.toString('utf8', 0, end);
  }

  clear(): void {
    this.#buffer = undefined;
  }
}
