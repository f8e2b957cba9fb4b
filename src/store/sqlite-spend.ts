import type Database from 'better-sqlite3';
import type { SpendRecord } from '../core/index.js';
import { MAX_SPEND_ROWS } from './store.js';

interface SpendRow {
  readonly scope: string;
  readonly window_start: number;
  readonly window_end: number | null;
  readonly nano_usd: number;
}

/**
 * The `spend` table of `SqliteStore`: settled spend per budget scope and window. Adding is an upsert that sums,
 * so batches from one writer (or, later, several replicas) never overwrite each other.
 */
export class SqliteSpendTable {
  readonly #add: Database.Transaction<(rows: readonly SpendRecord[]) => void>;
  readonly #active: Database.Statement<[number, number], SpendRow>;

  constructor(db: Database.Database) {
    const upsert = db.prepare<[SpendRow]>(
      `INSERT INTO spend (scope, window_start, window_end, nano_usd) VALUES (@scope, @window_start, @window_end, @nano_usd)
       ON CONFLICT (scope, window_start) DO UPDATE SET nano_usd = nano_usd + excluded.nano_usd`,
    );
    this.#add = db.transaction((rows: readonly SpendRecord[]) => {
      for (const r of rows) upsert.run({ scope: r.scope, window_start: r.windowStart, window_end: r.windowEnd ?? null, nano_usd: Math.round(r.nanoUsd) });
    });
    this.#active = db.prepare<[number, number], SpendRow>('SELECT * FROM spend WHERE window_end IS NULL OR window_end > ? ORDER BY scope, window_start LIMIT ?');
  }

  add(rows: readonly SpendRecord[]): void {
    this.#add(rows);
  }

  active(at: number): readonly SpendRecord[] {
    return this.#active.all(at, MAX_SPEND_ROWS).map((r) => ({ scope: r.scope, windowStart: r.window_start, windowEnd: r.window_end ?? undefined, nanoUsd: r.nano_usd }));
  }
}
