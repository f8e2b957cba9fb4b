/**
 * How many messages of each conversation the engine has already seen, so that a request's history is not
 * evaluated again (each request resends the whole conversation). Bounded LRU: a forgotten conversation is
 * evaluated again from the start, which costs time, never safety.
 */
export class SeenTurns {
  readonly #max: number;
  readonly #seen = new Map<string, number>();

  constructor(max = 50_000) {
    this.#max = max;
  }

  /** Messages already seen for this conversation key (0 if unknown). */
  get(key: string): number {
    return this.#seen.get(key) ?? 0;
  }

  /** Records that the first `count` messages were seen. */
  set(key: string, count: number): void {
    this.#seen.delete(key);
    this.#seen.set(key, count);
    if (this.#seen.size > this.#max) {
      const oldest = this.#seen.keys().next();
      if (oldest.done !== true) this.#seen.delete(oldest.value);
    }
  }
}
