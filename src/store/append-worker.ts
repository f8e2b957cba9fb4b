import Database from 'better-sqlite3';
import { parentPort, workerData } from 'node:worker_threads';
import type { AppendReply, AppendRequest } from './append-thread.js';
import { applyPragmas } from './sqlite.js';
import { SqliteAppends } from './sqlite-appends.js';

/**
 * The store's writer thread: its own connection to the database the main thread opened (and migrated), the
 * same appends, one batch at a time in the order they were posted.
 */
const port = parentPort;
if (port === null) throw new Error('append-worker runs as a worker thread');
const db = new Database((workerData as { path: string }).path);
applyPragmas(db);
const appends = new SqliteAppends(db);

port.on('message', (m: AppendRequest) => {
  let done: Promise<void>;
  switch (m.op) {
    case 'events':
      done = appends.events(m.records, m.at);
      break;
    case 'toolCalls':
      done = appends.toolCalls(m.rows);
      break;
    case 'requests':
      done = appends.requests(m.rows);
      break;
    case 'llmRequests':
      done = appends.llmRequests(m.rows);
      break;
  }
  done.then(
    () => port.postMessage({ id: m.id, ok: true } satisfies AppendReply),
    (e: unknown) => port.postMessage({ id: m.id, ok: false, message: e instanceof Error ? e.message : String(e) } satisfies AppendReply),
  );
});
