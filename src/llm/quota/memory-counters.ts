import type { Charge, QuotaCounters, TryAddResult } from './counters.js';

interface Counter {
  value: number;
  readonly expiresAt: number;
}

/** Options for `MemoryCounters`. */
export interface MemoryCountersOptions {
  /** Most counters held (default 1,000,000); past it expired ones are swept, then the oldest dropped and counted. */
  readonly maxKeys?: number | undefined;
  readonly now?: (() => number) | undefined;
}

/**
 * `QuotaCounters` in one process: a bounded map with lazy expiry. Synchronous, so `tryAdd` is atomic by
 * construction (nothing else runs between the check and the add). Correct for a single replica only.
 */
export class MemoryCounters implements QuotaCounters {
  readonly #counters = new Map<string, Counter>();
  readonly #maxKeys: number;
  readonly #now: () => number;
  #evicted = 0;

  constructor(opts: MemoryCountersOptions = {}) {
    this.#maxKeys = Math.max(1, opts.maxKeys ?? 1_000_000);
    this.#now = opts.now ?? Date.now;
  }

  tryAdd(charges: readonly Charge[]): TryAddResult {
    const now = this.#now();
    for (let i = 0; i < charges.length; i++) {
      const c = charges[i] as Charge;
      const current = this.#live(c.key, now)?.value ?? 0;
      if (current + c.amount > c.limit) return { ok: false, index: i, current };
    }
    const values: number[] = [];
    for (const c of charges) {
      const counter = this.#live(c.key, now);
      if (counter !== undefined) {
        counter.value += c.amount;
        values.push(counter.value);
      } else {
        this.#insert(c.key, c.amount, c.expiresAt, now);
        values.push(c.amount);
      }
    }
    return { ok: true, values };
  }

  add(key: string, delta: number): void {
    const counter = this.#live(key, this.#now());
    if (counter !== undefined) counter.value += delta;
  }

  seed(key: string, value: number, expiresAt: number): void {
    const now = this.#now();
    if (expiresAt > now && this.#live(key, now) === undefined) this.#insert(key, value, expiresAt, now);
  }

  get(key: string): number {
    return this.#live(key, this.#now())?.value ?? 0;
  }

  /** Counters held and counters dropped while still live to stay bounded. */
  get stats(): { readonly keys: number; readonly evicted: number } {
    return { keys: this.#counters.size, evicted: this.#evicted };
  }

  #live(key: string, now: number): Counter | undefined {
    const c = this.#counters.get(key);
    if (c === undefined) return undefined;
    if (c.expiresAt > now) return c;
    this.#counters.delete(key);
    return undefined;
  }

  #insert(key: string, value: number, expiresAt: number, now: number): void {
    if (this.#counters.size >= this.#maxKeys) this.#makeRoom(now);
    this.#counters.set(key, { value, expiresAt });
  }

  #makeRoom(now: number): void {
    // Rate windows expire within two minutes, so a sweep usually frees plenty; it runs only when full, so its
    // O(n) is paid once per many inserts. Only then are live counters dropped, oldest first.
    for (const [k, c] of this.#counters) if (c.expiresAt <= now) this.#counters.delete(k);
    while (this.#counters.size >= this.#maxKeys) {
      const first = this.#counters.keys().next();
      if (first.done === true) break;
      this.#counters.delete(first.value);
      this.#evicted++;
    }
  }
}
