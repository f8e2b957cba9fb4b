import { describe, expect, it } from 'vitest';
import type { SpendRecord } from '../core/index.js';
import { MemoryStore } from './memory.js';
import { SpendWriter } from './spend-writer.js';

const MANUAL = { setTimeout: () => 0, clearTimeout: () => undefined };

describe('SpendWriter', () => {
  it('sums waiting spend per scope and window into one row each, and stores the totals', async () => {
    const store = new MemoryStore();
    const batches: (readonly SpendRecord[])[] = [];
    const w = new SpendWriter({ store: { addSpend: async (rows) => void batches.push(rows.map((r) => ({ ...r }))) }, timers: MANUAL });
    for (let i = 0; i < 1000; i++) w.recordSpend({ scope: 'key:rk_1|none', windowStart: 0, windowEnd: undefined, nanoUsd: 3 });
    w.recordSpend({ scope: 'team:t|daily', windowStart: 100, windowEnd: 200, nanoUsd: 5 });
    w.recordSpend({ scope: 'team:t|daily', windowStart: 200, windowEnd: 300, nanoUsd: 7 });
    await w.flush();
    expect(batches).toEqual([
      [
        { scope: 'key:rk_1|none', windowStart: 0, windowEnd: undefined, nanoUsd: 3000 },
        { scope: 'team:t|daily', windowStart: 100, windowEnd: 200, nanoUsd: 5 },
        { scope: 'team:t|daily', windowStart: 200, windowEnd: 300, nanoUsd: 7 },
      ],
    ]);
    // After a batch is written, new spend starts new rows (and the store adds them up).
    const real = new SpendWriter({ store, timers: MANUAL });
    real.recordSpend({ scope: 's', windowStart: 0, windowEnd: undefined, nanoUsd: 1 });
    await real.flush();
    real.recordSpend({ scope: 's', windowStart: 0, windowEnd: undefined, nanoUsd: 2 });
    real.recordSpend({ scope: 's', windowStart: 0, windowEnd: undefined, nanoUsd: 2 });
    await real.flush();
    expect(await store.activeSpend(0)).toEqual([{ scope: 's', windowStart: 0, windowEnd: undefined, nanoUsd: 5 }]);
    expect(real.stats.written).toBe(2);
  });
});
