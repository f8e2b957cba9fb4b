import type { SpendRecord } from '../core/index.js';
import { MAX_SPEND_ROWS } from './store.js';

/** The spend table of `MemoryStore`: sums per (scope, window start), like SQLite's upsert. */
export class MemorySpendTable {
  readonly #rows = new Map<string, SpendRecord>();

  add(rows: readonly SpendRecord[]): void {
    for (const r of rows) {
      const id = `${r.scope}\u0000${r.windowStart}`;
      const old = this.#rows.get(id);
      this.#rows.set(id, Object.freeze({ ...r, nanoUsd: (old?.nanoUsd ?? 0) + Math.round(r.nanoUsd) }));
    }
  }

  active(at: number): readonly SpendRecord[] {
    const out: SpendRecord[] = [];
    for (const r of this.#rows.values()) {
      if (r.windowEnd === undefined || r.windowEnd > at) out.push(r);
      if (out.length >= MAX_SPEND_ROWS) break;
    }
    return out;
  }

  clear(): void {
    this.#rows.clear();
  }
}
