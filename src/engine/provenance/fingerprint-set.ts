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

  /** `expected`: how many keys the first batch holds, to size the first table for it. */
  constructor(capacity: number, expected = 0) {
    this.#generation = Math.max(8, Math.floor(capacity / 2));
    this.#young = new Table(Table.slotsFor(Math.min(expected, this.#generation)));
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
    if (this.#young.size >= this.#generation) this.#rotate(1);
    this.#young.put(key, seq);
  }

  /**
   * Adds `keys[0, count)` with `seq`, as `add` would one by one. The young table is sized for the batch up
   * front (at most a generation), so indexing one tool result costs one allocation instead of a doubling
   * per few keys.
   */
  addAll(keys: Int32Array, count: number, seq: number): void {
    this.#young.reserve(Math.min(count, this.#generation - this.#young.size));
    for (let k = 0; k < count; k++) {
      const key = keys[k] as number;
      if (this.#young.get(key) !== -1 || (this.#old !== undefined && this.#old.get(key) !== -1)) continue;
      if (this.#young.size >= this.#generation) this.#rotate(count - k);
      this.#young.put(key, seq);
    }
  }

  /** The young table becomes the old one, dropping the previous old one; the new young one fits `more` keys. */
  #rotate(more: number): void {
    this.#evicted += this.#old?.size ?? 0;
    this.#old = this.#young;
    this.#young = new Table(Table.slotsFor(Math.min(more, this.#generation)));
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

  /** Slots for `entries` keys at most half full (a power of two, at least 16). */
  static slotsFor(entries: number): number {
    let slots = 16;
    while (entries * 2 > slots) slots *= 2;
    return slots;
  }

  /** Grows once, if needed, so that `more` keys can be put without growing again. */
  reserve(more: number): void {
    const slots = Table.slotsFor(this.size + more);
    if (slots * 2 > this.#slots.length) this.#grow(slots);
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
    if ((this.size + 1) * 4 > this.#slots.length) this.#grow(this.#slots.length);
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

  /** Moves every key into a table of `slots` slots. */
  #grow(slots: number): void {
    const old = this.#slots;
    const next = new Int32Array(slots * 2);
    for (let i = 0; i < old.length; i += 2) if (old[i] !== 0) Table.#insert(next, old[i] as number, old[i + 1] as number);
    this.#slots = next;
  }
}
