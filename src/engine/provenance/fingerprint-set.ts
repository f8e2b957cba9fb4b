/**
 * A bounded set of 30-bit fingerprints, each with the seq of the event that added it, in flat arrays: no
 * per-entry objects, so a session's provenance costs a few KB and no garbage collection.
 *
 * Two generations of open-addressing tables (linear probing, load ≤ 1/2): inserts go to the young one; when it
 * holds half the capacity it becomes the old one and the previous old one is dropped. Lookups check both. So
 * the oldest fingerprints go first, at most `capacity` are kept, and nothing is ever deleted from a table.
 */
export class FingerprintSet {
  readonly #generation: number;
  #young: Table;
  #old: Table | undefined;
  #evicted = 0;

  constructor(capacity: number) {
    this.#generation = Math.max(8, Math.floor(capacity / 2));
    this.#young = new Table(16);
  }

  get size(): number {
    return this.#young.size + (this.#old?.size ?? 0);
  }

  get evicted(): number {
    return this.#evicted;
  }

  /** Adds `key` with `seq` unless present. */
  add(key: number, seq: number): void {
    if (this.#young.get(key) !== -1 || (this.#old !== undefined && this.#old.get(key) !== -1)) return;
    if (this.#young.size >= this.#generation) {
      this.#evicted += this.#old?.size ?? 0;
      this.#old = this.#young;
      this.#young = new Table(16);
    }
    this.#young.put(key, seq);
  }

  /** The seq stored with `key`, or -1. */
  get(key: number): number {
    const s = this.#young.get(key);
    return s !== -1 || this.#old === undefined ? s : this.#old.get(key);
  }
}

/**
 * One open-addressing table that grows by doubling. Key 0 marks an empty slot, so key 0 is stored as 1. Plain
 * arrays of small integers (keys are 30-bit): cheaper to allocate than typed arrays at these sizes.
 */
class Table {
  #keys: number[];
  #seqs: number[];
  size = 0;

  constructor(slots: number) {
    this.#keys = new Array<number>(slots).fill(0);
    this.#seqs = new Array<number>(slots).fill(0);
  }

  get(key: number): number {
    const k = key === 0 ? 1 : key;
    const mask = this.#keys.length - 1;
    for (let i = k & mask; ; i = (i + 1) & mask) {
      const at = this.#keys[i] as number;
      if (at === 0) return -1;
      if (at === k) return this.#seqs[i] as number;
    }
  }

  put(key: number, seq: number): void {
    if ((this.size + 1) * 2 > this.#keys.length) this.#grow();
    this.#insert(key === 0 ? 1 : key, seq);
    this.size++;
  }

  #insert(k: number, seq: number): void {
    const mask = this.#keys.length - 1;
    let i = k & mask;
    while (this.#keys[i] !== 0) i = (i + 1) & mask;
    this.#keys[i] = k;
    this.#seqs[i] = seq;
  }

  #grow(): void {
    const keys = this.#keys;
    const seqs = this.#seqs;
    this.#keys = new Array<number>(keys.length * 2).fill(0);
    this.#seqs = new Array<number>(keys.length * 2).fill(0);
    for (let i = 0; i < keys.length; i++) if (keys[i] !== 0) this.#insert(keys[i] as number, seqs[i] as number);
  }
}
