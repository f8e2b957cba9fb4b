import type { LiveState } from './live-state.js';

/** Options for `MemoryLiveState`. */
export interface MemoryLiveStateOptions {
  /** Most keys held at once (default 100,000); past it the oldest key is evicted and counted. */
  readonly maxKeys?: number | undefined;
  /** The clock; injected so tests never sleep (STYLE.md §4). */
  readonly now?: (() => number) | undefined;
}

interface Counter {
  value: number;
  readonly expiresAt: number;
}

/**
 * `LiveState` in one process: a bounded map of counters with lazy expiry. Answers synchronously.
 * Correct for a single replica only; several replicas need the Redis implementation.
 */
export class MemoryLiveState implements LiveState {
  readonly #counters = new Map<string, Counter>();
  readonly #maxKeys: number;
  readonly #now: () => number;
  #evicted = 0;

  constructor(opts: MemoryLiveStateOptions = {}) {
    this.#maxKeys = Math.max(1, opts.maxKeys ?? 100_000);
    this.#now = opts.now ?? Date.now;
  }

  /** Adds `by` to `key` and returns the new value; see `LiveState.incr`. */
  incr(key: string, by: number, ttlMs: number): number {
    const now = this.#now();
    const counter = this.#live(key, now);
    if (counter !== undefined) {
      counter.value += by;
      return counter.value;
    }
    this.#makeRoom(now);
    this.#counters.set(key, { value: by, expiresAt: now + ttlMs });
    return by;
  }

  /** The value of `key`, 0 when missing or expired. */
  get(key: string): number {
    return this.#live(key, this.#now())?.value ?? 0;
  }

  /** Keys held (expired ones count until touched or pushed out) and keys evicted to stay bounded. */
  get stats(): { readonly keys: number; readonly evicted: number } {
    return { keys: this.#counters.size, evicted: this.#evicted };
  }

  #live(key: string, now: number): Counter | undefined {
    const counter = this.#counters.get(key);
    if (counter === undefined) return undefined;
    if (counter.expiresAt > now) return counter;
    this.#counters.delete(key);
    return undefined;
  }

  #makeRoom(now: number): void {
    // Drop from the front: Map iteration is insertion order, so the first key is the oldest window. This is
    // O(1) per insert, where sweeping the whole map for expired keys would be O(n) on every insert once full.
    while (this.#counters.size >= this.#maxKeys) {
      const first = this.#counters.entries().next();
      if (first.done === true) break;
      const [key, counter] = first.value;
      this.#counters.delete(key);
      if (counter.expiresAt > now) this.#evicted++;
    }
  }
}
