import type { ToolCallAudit, ToolCallSink } from '../core/index.js';
import { RowWriter, type RowWriterOptions } from './row-writer.js';
import type { Store } from './store.js';

/**
 * The MCP gateway's `ToolCallSink`: tool-call audit rows written through `Store.appendToolCalls` in batches, off
 * the request path. Never blocks or throws; past `maxQueue` it drops and counts.
 */
export class CallWriter extends RowWriter<ToolCallAudit> implements ToolCallSink {
  constructor(opts: { store: Pick<Store, 'appendToolCalls'> } & Omit<RowWriterOptions<ToolCallAudit>, 'append'>) {
    super({ ...opts, append: (rows) => opts.store.appendToolCalls(rows) });
  }

  recordCall(row: ToolCallAudit): void {
    this.push(row);
  }
}
