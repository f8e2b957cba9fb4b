/** A value now, or later: the memory implementation answers synchronously, a Redis one cannot. */
export type MaybePromise<T> = T | Promise<T>;

/**
 * Shared live state: counters for budgets and rate limits that every replica must see alike (DESIGN.md §4).
 * In memory by default; a Redis implementation (`INCRBY` + `PEXPIRE … NX`) can follow with the same
 * semantics. Results are `MaybePromise` so the hot path stays synchronous with the memory implementation
 * (check `instanceof Promise` or `await`); write callers for both.
 */
export interface LiveState {
  /**
   * Adds `by` to the counter `key` and returns the new value. A missing or expired key starts at 0 and
   * expires `ttlMs` after that first increment (a fixed window, like Redis `PEXPIRE NX`); later increments
   * do not extend it. `Infinity` never expires.
   */
  incr(key: string, by: number, ttlMs: number): MaybePromise<number>;
  /** The counter's value, 0 when it is missing or expired. */
  get(key: string): MaybePromise<number>;
}
