/**
 * A bounded set of 30-bit fingerprints, each with the seq of the event that added it, in one typed array per table: no
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
 * One open-addressing table that grows by doubling: keys and seqs interleaved in one `Int32Array` (4 bytes
 * each, one allocation per size). Key 0 marks an empty slot, so key 0 is stored as 1.
 */
class Table {
  #slots: Int32Array;
  size = 0;

  constructor(slots: number) {
    this.#slots = new Int32Array(slots * 2);
  }

  get(key: number): number {
    const k = key === 0 ? 1 : key;
    const slots = this.#slots;
    const mask = (slots.length >> 1) - 1;
    for (let i = k & mask; ; i = (i + 1) & mask) {
      const at = slots[i * 2] as number;
      if (at === 0) return -1;
      if (at === k) return slots[i * 2 + 1] as number;
    }
  }

  put(key: number, seq: number): void {
    if ((this.size + 1) * 4 > this.#slots.length) this.#grow();
    Table.#insert(this.#slots, key === 0 ? 1 : key, seq);
    this.size++;
  }

  static #insert(slots: Int32Array, k: number, seq: number): void {
    const mask = (slots.length >> 1) - 1;
    let i = k & mask;
    while (slots[i * 2] !== 0) i = (i + 1) & mask;
    slots[i * 2] = k;
    slots[i * 2 + 1] = seq;
  }

  #grow(): void {
    const old = this.#slots;
    const next = new Int32Array(old.length * 2);
    for (let i = 0; i < old.length; i += 2) if (old[i] !== 0) Table.#insert(next, old[i] as number, old[i + 1] as number);
    this.#slots = next;
  }
}
