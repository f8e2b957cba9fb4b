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
 * the order records were queued. A worker that dies after it has written fails the batches it held (whether
 * they committed is unknown; the writers count them) and is started again for the next batch. A worker that
 * dies before writing anything (it could not load or open the file) hands its batches, and every later one, to
 * the in-thread appends: the trail is slower then, but nothing is lost.
 */
export class ThreadAppends implements Appends {
  readonly #path: string;
  readonly #workerUrl: URL;
  readonly #fallback: () => Appends;
  #inline: Appends | undefined;
  #worker: Worker | undefined;
  readonly #pending = new Map<number, { op: AppendOp; resolve: () => void; reject: (e: Error) => void }>();
  readonly #inFlight = new Set<Promise<void>>();
  #next = 1;
  #closed = false;

  /** `fallback` makes the in-thread appends on the store's own connection; `workerUrl` is for tests. */
  constructor(path: string, fallback: () => Appends, workerUrl: URL = WORKER_URL) {
    this.#path = path;
    this.#fallback = fallback;
    this.#workerUrl = workerUrl;
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
    if (this.#inline !== undefined) return runAppend(this.#inline, op);
    const id = this.#next++;
    const done = new Promise<void>((resolve, reject) => {
      this.#pending.set(id, { op, resolve, reject });
      this.#start().postMessage({ ...op, id } satisfies AppendRequest);
    });
    this.#inFlight.add(done);
    const forget = (): void => void this.#inFlight.delete(done);
    done.then(forget, forget);
    return done;
  }

  #start(): Worker {
    if (this.#worker !== undefined) return this.#worker;
    const w = new Worker(this.#workerUrl, { workerData: { path: this.#path } });
    // The worker's pending batches keep nothing alive on their own: a server that exits flushes first.
    w.unref();
    let answered = false;
    w.on('message', (m: AppendReply) => {
      answered = true;
      const p = this.#pending.get(m.id);
      if (p === undefined) return;
      this.#pending.delete(m.id);
      if (m.ok) p.resolve();
      else p.reject(new Error(m.message));
    });
    const fail = (why: string): void => {
      if (this.#worker !== w) return;
      this.#worker = undefined;
      const lost = [...this.#pending.values()];
      this.#pending.clear();
      if (answered || this.#closed) {
        for (const p of lost) p.reject(new Error(`store writer thread ${why}`));
        return;
      }
      process.emitWarning(`rampart: the store writer thread ${why}; writing the audit trail on the main thread`);
      const inline = (this.#inline = this.#fallback());
      for (const p of lost) runAppend(inline, p.op).then(p.resolve, p.reject);
    };
    w.on('error', (e) => fail(`failed: ${e.message}`));
    w.on('exit', (code) => fail(`exited (${code})`));
    this.#worker = w;
    return w;
  }
}

/** Runs one batch on appends of this thread: the worker's, or the main thread's after a fallback. */
export function runAppend(a: Appends, op: AppendOp): Promise<void> {
  switch (op.op) {
    case 'events':
      return a.events(op.records, op.at);
    case 'toolCalls':
      return a.toolCalls(op.rows);
    case 'requests':
      return a.requests(op.rows);
    case 'llmRequests':
      return a.llmRequests(op.rows);
  }
}
