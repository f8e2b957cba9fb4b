import type { SpendRecord, SpendSink } from '../core/index.js';
import { RowWriter, type RowWriterOptions } from './row-writer.js';
import type { Store } from './store.js';

type Pending = { -readonly [K in keyof SpendRecord]: SpendRecord[K] };

/**
 * The LLM gateway's `SpendSink`: settled spend written through `Store.addSpend` in batches, off the request path.
 * Spend to the same scope and window is summed into one row while it waits, so a batch holds one row per
 * counter rather than one per request, and the queue bound is reached by many scopes, not by traffic.
 */
export class SpendWriter extends RowWriter<SpendRecord> implements SpendSink {
  /** Rows not yet handed to the store, by scope and window; cleared when a batch is written. */
  readonly #pending = new Map<string, Pending>();

  constructor(opts: { store: Pick<Store, 'addSpend'> } & Omit<RowWriterOptions<SpendRecord>, 'append'>) {
    super({
      ...opts,
      append: (rows) => {
        // Rows of this batch are written now (SQLite adds synchronously); later spend starts new rows.
        this.#pending.clear();
        return opts.store.addSpend(rows);
      },
    });
  }

  recordSpend(rec: SpendRecord): void {
    const id = `${rec.scope}\u0000${rec.windowStart}`;
    const row = this.#pending.get(id);
    if (row !== undefined) {
      row.nanoUsd += rec.nanoUsd;
      return;
    }
    const fresh: Pending = { ...rec };
    this.#pending.set(id, fresh);
    this.push(fresh);
  }
}
