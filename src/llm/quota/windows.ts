import type { BudgetPeriod } from '../../core/index.js';

/** A counting window: `[start, end)`, epoch ms; `end` is `Infinity` for a budget that never resets. */
export interface Window {
  readonly start: number;
  readonly end: number;
}

const DAY = 86_400_000;
const MINUTE = 60_000;

/** The rate window holding `now`: the current UTC minute (fixed windows, as LiteLLM's per-minute counters). */
export function minuteWindow(now: number): Window {
  const start = now - (now % MINUTE);
  return { start, end: start + MINUTE };
}

/** The budget window holding `now`, on UTC calendar boundaries; weeks start on Monday (ISO 8601). */
export function budgetWindow(period: BudgetPeriod, now: number): Window {
  switch (period) {
    case 'none':
      return { start: 0, end: Infinity };
    case 'daily': {
      const start = now - (now % DAY);
      return { start, end: start + DAY };
    }
    case 'weekly': {
      const day = now - (now % DAY);
      // 1970-01-01 was a Thursday: days since the epoch + 3, mod 7, counts days since Monday.
      const start = day - (((Math.floor(day / DAY) + 3) % 7) * DAY);
      return { start, end: start + 7 * DAY };
    }
    case 'monthly': {
      const d = new Date(now);
      return { start: Date.UTC(d.getUTCFullYear(), d.getUTCMonth(), 1), end: Date.UTC(d.getUTCFullYear(), d.getUTCMonth() + 1, 1) };
    }
  }
}
