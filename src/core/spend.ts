/**
 * Spend added to one budget counter: `scope` names what was charged (`key:rk_…`, `team:research|model:claude-*`,
 * with its period) and `windowStart` the period it fell in (0 for budgets that never reset). Amounts are in
 * nano-dollars (1e-9 USD), integers, so reserving and releasing the same amount leaves no rounding residue.
 */
export interface SpendRecord {
  readonly scope: string;
  readonly windowStart: number;
  /** When the window ends (epoch ms); undefined for a budget that never resets. */
  readonly windowEnd: number | undefined;
  readonly nanoUsd: number;
}

/** Where the gateway sends settled spend; must return quickly and never throw (a batched store writer). */
export interface SpendSink {
  recordSpend(rec: SpendRecord): void;
}

/** Nano-dollars per US dollar. */
export const NANO_PER_USD = 1_000_000_000;
