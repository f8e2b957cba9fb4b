import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { MemoryStore } from './memory.js';
import { SqliteStore } from './sqlite.js';
import type { Store } from './store.js';

/** The value of `--data` that selects the in-memory store. */
export const MEMORY_DATA = ':memory:';

/** The database file `openStore` uses inside a data directory. */
export const SQLITE_FILE = 'rampart.db';

/** Options for `openStore`. */
export interface OpenStoreOptions {
  /** `:memory:`, or a directory (created if missing) that holds `rampart.db`. */
  readonly data: string;
  /** The clock that stamps audit entries. */
  readonly now?: (() => number) | undefined;
  /** Write the audit trail's batches on a worker thread (SQLite only; see `SqliteStoreOptions`). */
  readonly appendThread?: boolean | undefined;
}

/**
 * Opens the store that `--data` names. Async although both embedded stores open synchronously, so that a
 * PostgreSQL URL can be added here without changing the composition root.
 */
export async function openStore(opts: OpenStoreOptions): Promise<Store> {
  if (opts.data === MEMORY_DATA) return new MemoryStore({ now: opts.now });
  mkdirSync(opts.data, { recursive: true });
  return new SqliteStore({ path: join(opts.data, SQLITE_FILE), now: opts.now, appendThread: opts.appendThread });
}
