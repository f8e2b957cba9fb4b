import Database from 'better-sqlite3';
import { parentPort, workerData } from 'node:worker_threads';
import { runAppend, type AppendReply, type AppendRequest } from './append-thread.js';
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
  runAppend(appends, m).then(
    () => port.postMessage({ id: m.id, ok: true } satisfies AppendReply),
    (e: unknown) => port.postMessage({ id: m.id, ok: false, message: e instanceof Error ? e.message : String(e) } satisfies AppendReply),
  );
});
