import type { ToolCallAudit, ToolCallSink } from '../core/index.js';
import type { Store } from './store.js';
import { NODE_TIMERS, type WriterTimers } from './writer.js';

/**
 * The MCP gateway's `ToolCallSink`: a bounded queue written through `Store.appendToolCalls` in batches, off
 * the request path. Never blocks or throws; past `maxQueue` it drops and counts.
 */
export class CallWriter implements ToolCallSink {
  readonly #store: Pick<Store, 'appendToolCalls'>;
  readonly #maxQueue: number;
  readonly #flushMs: number;
  readonly #timers: WriterTimers;
  readonly #onError: (e: unknown) => void;
  #queue: ToolCallAudit[] = [];
  #timer: unknown = undefined;
  #writing: Promise<void> = Promise.resolve();
  #dropped = 0;
  #written = 0;

  constructor(opts: { store: Pick<Store, 'appendToolCalls'>; maxQueue?: number; flushMs?: number; timers?: WriterTimers; onError?: (e: unknown) => void }) {
    this.#store = opts.store;
    this.#maxQueue = opts.maxQueue ?? 10_000;
    this.#flushMs = opts.flushMs ?? 50;
    this.#timers = opts.timers ?? NODE_TIMERS;
    this.#onError = opts.onError ?? (() => undefined);
  }

  get stats(): { readonly written: number; readonly dropped: number; readonly queued: number } {
    return { written: this.#written, dropped: this.#dropped, queued: this.#queue.length };
  }

  recordCall(row: ToolCallAudit): void {
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
        await this.#store.appendToolCalls(batch);
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
