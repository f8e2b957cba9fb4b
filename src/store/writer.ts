import type { EngineRecord, RecordSink } from '../core/index.js';
import type { Store } from './store.js';

/** The timer functions the writer uses; injected so tests fire timers by hand instead of sleeping. */
export interface WriterTimers {
  /** Schedules `fn` once after `ms`; the handle is only ever passed back to `clearTimeout`. */
  setTimeout(fn: () => void, ms: number): unknown;
  clearTimeout(handle: unknown): void;
}

/** Node's timers, `unref`'d: a pending flush must never keep the process alive. */
export const NODE_TIMERS: WriterTimers = {
  setTimeout: (fn, ms) => setTimeout(fn, ms).unref(),
  clearTimeout: (handle) => clearTimeout(handle as ReturnType<typeof setTimeout>),
};

/** Options for `BatchWriter`. */
export interface BatchWriterOptions {
  readonly store: Pick<Store, 'append'>;
  /** Most records waiting (default 10,000); past it `record` drops and counts. */
  readonly maxQueue?: number | undefined;
  /** Most records per `append` (default 500); a full batch flushes without waiting for the timer. */
  readonly maxBatch?: number | undefined;
  /** How long a record may wait for company before its batch is written (default 50 ms). */
  readonly flushMs?: number | undefined;
  /** Told about each failed batch; the batch is not retried. Exceptions it throws are swallowed. */
  readonly onError?: ((error: unknown, info: { readonly records: number }) => void) | undefined;
  readonly timers?: WriterTimers | undefined;
}

/** Counters since the writer was made. `queued` is what waits now, including a batch being written. */
export interface BatchWriterStats {
  readonly queued: number;
  readonly written: number;
  readonly dropped: number;
  readonly failedBatches: number;
  readonly failedRecords: number;
}

/**
 * The engine's `RecordSink`: a bounded queue drained in batches through `Store.append`, off the request path
 * (OTel `BatchSpanProcessor`, STYLE.md §5). `record` never blocks or throws: when the queue is full it drops
 * and counts. One `append` runs at a time, so records reach the store (and the audit chain) in order.
 */
export class BatchWriter implements RecordSink {
  readonly #store: Pick<Store, 'append'>;
  readonly #maxQueue: number;
  readonly #maxBatch: number;
  readonly #flushMs: number;
  readonly #onError: BatchWriterOptions['onError'];
  readonly #timers: WriterTimers;
  #queue: EngineRecord[] = [];
  #timer: unknown = undefined;
  #draining: Promise<void> | undefined;
  #inFlight = 0;
  #closed = false;
  #written = 0;
  #dropped = 0;
  #failedBatches = 0;
  #failedRecords = 0;

  constructor(opts: BatchWriterOptions) {
    this.#store = opts.store;
    this.#maxQueue = Math.max(1, opts.maxQueue ?? 10_000);
    this.#maxBatch = Math.max(1, opts.maxBatch ?? 500);
    this.#flushMs = Math.max(0, opts.flushMs ?? 50);
    this.#onError = opts.onError;
    this.#timers = opts.timers ?? NODE_TIMERS;
  }

  /** Queues one record; drops it (counted) when the queue is full or the writer is closed. */
  record(rec: EngineRecord): void {
    if (this.#closed || this.#queue.length >= this.#maxQueue) {
      this.#dropped++;
      return;
    }
    this.#queue.push(rec);
    if (this.#queue.length >= this.#maxBatch) void this.#drain();
    else this.#schedule();
  }

  /** Writes everything queued so far, in batches; resolves when the queue is empty. Never rejects. */
  async flush(): Promise<void> {
    this.#cancel();
    while (this.#queue.length > 0 || this.#draining !== undefined) await this.#drain();
  }

  /** Stops accepting records and flushes the rest. Does not close the store: its owner does. */
  async close(): Promise<void> {
    this.#closed = true;
    await this.flush();
  }

  /** See `BatchWriterStats`. */
  get stats(): BatchWriterStats {
    return {
      queued: this.#queue.length + this.#inFlight,
      written: this.#written,
      dropped: this.#dropped,
      failedBatches: this.#failedBatches,
      failedRecords: this.#failedRecords,
    };
  }

  #schedule(): void {
    if (this.#timer !== undefined || this.#draining !== undefined) return;
    this.#timer = this.#timers.setTimeout(() => {
      this.#timer = undefined;
      void this.#drain();
    }, this.#flushMs);
  }

  #cancel(): void {
    if (this.#timer === undefined) return;
    this.#timers.clearTimeout(this.#timer);
    this.#timer = undefined;
  }

  /**
   * Starts the drain loop unless it runs already. The loop writes one batch, then more only while a full one
   * waits: records that arrived during an append wait for the timer like any others. Picking them up at once
   * made batches as small as one append's latency under load, and each transaction costs a page per busy
   * session however few records it holds.
   */
  #drain(): Promise<void> {
    this.#cancel();
    this.#draining ??= this.#loop().finally(() => {
      this.#draining = undefined;
      // What is left is less than a batch: it waits for company, at most `flushMs`.
      if (this.#queue.length > 0) this.#schedule();
    });
    return this.#draining;
  }

  async #loop(): Promise<void> {
    let first = true;
    while (first ? this.#queue.length > 0 : this.#queue.length >= this.#maxBatch) {
      first = false;
      const batch = this.#queue.splice(0, this.#maxBatch);
      this.#inFlight = batch.length;
      try {
        await this.#store.append(batch);
        this.#written += batch.length;
      } catch (error) {
        this.#failedBatches++;
        this.#failedRecords += batch.length;
        this.#report(error, batch.length);
      } finally {
        this.#inFlight = 0;
      }
    }
  }

  #report(error: unknown, records: number): void {
    try {
      this.#onError?.(error, { records });
    } catch {
      // The error callback is telemetry; it must not turn a failed write into a crashed drain loop.
    }
  }
}
