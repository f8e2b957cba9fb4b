/** A value now, or later: the memory counters answer synchronously, a Redis implementation cannot. */
export type MaybePromise<T> = T | Promise<T>;

/** One amount to add to one counter, provided the counter stays within `limit`. */
export interface Charge {
  /** The counter, window included (`team:research|monthly@1764547200000`). */
  readonly key: string;
  /** A non-negative integer: requests, tokens or nano-dollars. */
  readonly amount: number;
  /** The most the counter may hold after the charge; `Infinity` for a counter that only tracks. */
  readonly limit: number;
  /** When the counter's window ends and it may be dropped (epoch ms); `Infinity` never. */
  readonly expiresAt: number;
}

/** What `tryAdd` did: every charge added, with the counters' new values; or none, naming the first that did not fit. */
export type TryAddResult =
  | { readonly ok: true; readonly values: readonly number[] }
  | { readonly ok: false; readonly index: number; readonly current: number };

/**
 * The counters behind budgets and rate limits. `tryAdd` is all-or-nothing and atomic, which is what makes
 * reserve-then-settle safe under concurrency: two requests can never both see room that only one of them fits.
 * In one process that is a synchronous loop (`MemoryCounters`); across replicas it is one Redis Lua script
 * (`GET` every key, compare, then `INCRBY` + `PEXPIREAT` every key), so the same interface covers both.
 */
export interface QuotaCounters {
  /** Adds every charge if each counter stays within its limit after it; otherwise adds none. */
  tryAdd(charges: readonly Charge[]): MaybePromise<TryAddResult>;
  /**
   * Adds `delta` (possibly negative: a reservation released) to a live counter, unconditionally. A counter that
   * is gone (its window ended, or it was evicted) is left alone: settling never creates one.
   */
  add(key: string, delta: number): MaybePromise<void>;
  /**
   * Sets a counter that does not exist yet to `value` (spend read back from the store at startup); one that
   * exists (another replica's, in shared counters) is the live truth and is kept. Nothing for an ended window.
   */
  seed(key: string, value: number, expiresAt: number): MaybePromise<void>;
  /** The counter's value, 0 when missing or expired. */
  get(key: string): MaybePromise<number>;
}
