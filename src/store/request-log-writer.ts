import type { RequestLogEntry, RequestLogSink } from '../core/index.js';
import { RowWriter, type RowWriterOptions } from './row-writer.js';
import type { Store } from './store.js';

/** The HTTP edge's `RequestLogSink`: rows written through `Store.appendRequests` in batches, off the request path. */
export class RequestLogWriter extends RowWriter<RequestLogEntry> implements RequestLogSink {
  constructor(opts: { store: Pick<Store, 'appendRequests'> } & Omit<RowWriterOptions<RequestLogEntry>, 'append'>) {
    super({ ...opts, append: (rows) => opts.store.appendRequests(rows) });
  }

  logRequest(entry: RequestLogEntry): void {
    this.push(entry);
  }
}
