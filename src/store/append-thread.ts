import { Worker } from 'node:worker_threads';
import type { EngineRecord, LlmRequestRecord, RequestLogEntry, ToolCallAudit } from '../core/index.js';
import type { Appends } from './sqlite-appends.js';

/** One batch for the worker: which append, and its rows. */
export type AppendOp =
  | { readonly op: 'events'; readonly records: readonly EngineRecord[]; readonly at: number }
  | { readonly op: 'toolCalls'; readonly rows: readonly ToolCallAudit[] }
  | { readonly op: 'requests'; readonly rows: readonly RequestLogEntry[] }
  | { readonly op: 'llmRequests'; readonly rows: readonly LlmRequestRecord[] };

/** What the main thread posts, and what the worker answers. */
export type AppendRequest = AppendOp & { readonly id: number };
export type AppendReply = { readonly id: number; readonly ok: true } | { readonly id: number; readonly ok: false; readonly message: string };

const WORKER_URL = new URL('./append-worker.js', import.meta.url);

/**
 * True when the compiled worker sits beside this module. Under the test runner the sources are TypeScript and
 * there is no worker file to start: the store then writes in-thread, as the CLI always does.
 */
export function canThread(): boolean {
  return import.meta.url.endsWith('.js');
}

/**
 * The appends, posted to a worker thread that holds its own connection to the same database file (WAL lets
 * the main thread keep reading). Batches are answered in order, one at a time, so the audit chain grows in
 * the order records were queued. A worker that dies fails the batches it held (the writers count them) and is
 * started again for the next batch.
 */
export class ThreadAppends implements Appends {
  readonly #path: string;
  #worker: Worker | undefined;
  readonly #pending = new Map<number, { resolve: () => void; reject: (e: Error) => void }>();
  readonly #inFlight = new Set<Promise<void>>();
  #next = 1;
  #closed = false;

  constructor(path: string) {
    this.#path = path;
  }

  events(records: readonly EngineRecord[], at: number): Promise<void> {
    return this.#post({ op: 'events', records, at });
  }

  toolCalls(rows: readonly ToolCallAudit[]): Promise<void> {
    return this.#post({ op: 'toolCalls', rows });
  }

  requests(rows: readonly RequestLogEntry[]): Promise<void> {
    return this.#post({ op: 'requests', rows });
  }

  llmRequests(rows: readonly LlmRequestRecord[]): Promise<void> {
    return this.#post({ op: 'llmRequests', rows });
  }

  /** Waits for the batches in flight (the writers flush before closing the store), then stops the worker. */
  async close(): Promise<void> {
    this.#closed = true;
    await Promise.allSettled([...this.#inFlight]);
    const w = this.#worker;
    this.#worker = undefined;
    await w?.terminate();
  }

  #post(op: AppendOp): Promise<void> {
    if (this.#closed) return Promise.reject(new Error('store closed'));
    const id = this.#next++;
    const done = new Promise<void>((resolve, reject) => {
      this.#pending.set(id, { resolve, reject });
      this.#start().postMessage({ ...op, id } satisfies AppendRequest);
    });
    this.#inFlight.add(done);
    const forget = (): void => void this.#inFlight.delete(done);
    done.then(forget, forget);
    return done;
  }

  #start(): Worker {
    if (this.#worker !== undefined) return this.#worker;
    const w = new Worker(WORKER_URL, { workerData: { path: this.#path } });
    // The worker's pending batches keep nothing alive on their own: a server that exits flushes first.
    w.unref();
    w.on('message', (m: AppendReply) => {
      const p = this.#pending.get(m.id);
      if (p === undefined) return;
      this.#pending.delete(m.id);
      if (m.ok) p.resolve();
      else p.reject(new Error(m.message));
    });
    const fail = (why: string): void => {
      if (this.#worker === w) this.#worker = undefined;
      const lost = [...this.#pending.values()];
      this.#pending.clear();
      for (const p of lost) p.reject(new Error(`store writer thread ${why}`));
    };
    w.on('error', (e) => fail(`failed: ${e.message}`));
    w.on('exit', (code) => fail(`exited (${code})`));
    this.#worker = w;
    return w;
  }
}
