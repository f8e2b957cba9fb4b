import type { LlmRequestRecord, LlmRequestSink } from '../core/index.js';
import { RowWriter, type RowWriterOptions } from './row-writer.js';
import type { Store } from './store.js';

/** The LLM gateway's `LlmRequestSink`: records written through `Store.appendLlmRequests` in batches, off the request path. */
export class LlmRequestWriter extends RowWriter<LlmRequestRecord> implements LlmRequestSink {
  constructor(opts: { store: Pick<Store, 'appendLlmRequests'> } & Omit<RowWriterOptions<LlmRequestRecord>, 'append'>) {
    super({ ...opts, append: (rows) => opts.store.appendLlmRequests(rows) });
  }

  recordLlm(rec: LlmRequestRecord): void {
    this.push(rec);
  }
}
