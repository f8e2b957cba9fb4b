import type { SpendRecord, SpendSink } from '../core/index.js';
import { RowWriter, type RowWriterOptions } from './row-writer.js';
import type { Store } from './store.js';

/** The LLM gateway's `SpendSink`: settled spend written through `Store.addSpend` in batches, off the request path. */
export class SpendWriter extends RowWriter<SpendRecord> implements SpendSink {
  constructor(opts: { store: Pick<Store, 'addSpend'> } & Omit<RowWriterOptions<SpendRecord>, 'append'>) {
    super({ ...opts, append: (rows) => opts.store.addSpend(rows) });
  }

  recordSpend(rec: SpendRecord): void {
    this.push(rec);
  }
}
