import { NODE_TIMERS, type WriterTimers } from './writer.js';

/** Options for `RowWriter`. */
export interface RowWriterOptions<T> {
  /** Stores one batch; rejects when it could not. */
  readonly append: (rows: readonly T[]) => Promise<void>;
  /** Most rows waiting (default 10,000); past it `push` drops and counts. */
  readonly maxQueue?: number | undefined;
  /** How long a row may wait for company before its batch is written (default 50 ms). */
  readonly flushMs?: number | undefined;
  readonly timers?: WriterTimers | undefined;
  /** Told about each failed batch; the batch is not retried. */
  readonly onError?: ((e: unknown) => void) | undefined;
}

/**
 * A bounded queue of audit rows written in batches off the request path (tool calls, requests). Never blocks
 * or throws; past `maxQueue` it drops and counts. Batches are written one after another, in order.
 */
export class RowWriter<T> {
  readonly #append: (rows: readonly T[]) => Promise<void>;
  readonly #maxQueue: number;
  readonly #flushMs: number;
  readonly #timers: WriterTimers;
  readonly #onError: (e: unknown) => void;
  #queue: T[] = [];
  #timer: unknown = undefined;
  #writing: Promise<void> = Promise.resolve();
  #dropped = 0;
  #written = 0;

  constructor(opts: RowWriterOptions<T>) {
    this.#append = opts.append;
    this.#maxQueue = opts.maxQueue ?? 10_000;
    this.#flushMs = opts.flushMs ?? 50;
    this.#timers = opts.timers ?? NODE_TIMERS;
    this.#onError = opts.onError ?? (() => undefined);
  }

  get stats(): { readonly written: number; readonly dropped: number; readonly queued: number } {
    return { written: this.#written, dropped: this.#dropped, queued: this.#queue.length };
  }

  push(row: T): void {
    if (this.#queue.length >= this.#maxQueue) {
      this.#dropped++;
      return;
    }
    this.#queue.push(row);
    this.#timer ??= this.#timers.setTimeout(() => void this.flush(), this.#flushMs);
  }

  /** Writes everything queued; resolves when it is stored (or failed and was reported). */
  flush(): Promise<void> {
    if (this.#timer !== undefined) this.#timers.clearTimeout(this.#timer);
    this.#timer = undefined;
    const batch = this.#queue;
    this.#queue = [];
    this.#writing = this.#writing.then(async () => {
      if (batch.length === 0) return;
      try {
        await this.#append(batch);
        this.#written += batch.length;
      } catch (e) {
        try {
          this.#onError(e);
        } catch {
          // The error reporter itself must not fail a flush.
        }
      }
    });
    return this.#writing;
  }
}
