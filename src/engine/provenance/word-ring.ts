/**
 * The last `capacity` words of one origin's texts, as word hashes, with a hash chain per word so that a
 * phrase is found by walking the earlier occurrences of its first word (the LZ77 match-finder's layout).
 *
 * Indexing costs one table update and two array writes per word, whatever the phrase length a lookup asks
 * for later; an n-gram index would pay for every n on every word. Memory is bounded: the ring overwrites
 * its oldest words, and the table drops entries that point at overwritten words when it grows.
 */

/** Separates two texts in the ring; word hashes are 30-bit non-negative, so no phrase can match across it. */
const GAP = -1;
/** Most earlier occurrences of a phrase's first word examined per lookup: bounded work on repetitive text. */
const MAX_CHAIN = 128;
const FIRST_SLOTS = 64;
const EMPTY = new Int32Array(0);

export class WordRing {
  readonly #capacity: number;
  /**
   * By absolute position modulo the ring's length, two ints: the word's hash, and the absolute position of
   * the previous occurrence of the same word (or -1). One array, so growing the ring is one allocation.
   */
  #slots: Int32Array;
  /** Words the ring holds before it wraps: half the length of `#slots`. */
  #length = 0;
  /** Open addressing: (hash + 1, latest absolute position) pairs; key 0 marks an empty slot. */
  #head: Int32Array;
  #headSize = 0;
  /** Absolute position of the next word written. */
  #end = 0;
  /** Texts as (first absolute position, seq) pairs, oldest first, for the seq a match reports. */
  #starts: number[] = [];
  #seqs: number[] = [];

  /** `capacity` is rounded up to a power of two. Nothing is allocated until the first text. */
  constructor(capacity: number) {
    this.#capacity = 2 ** Math.ceil(Math.log2(Math.max(FIRST_SLOTS, capacity)));
    this.#slots = EMPTY;
    this.#head = EMPTY;
  }

  /** Most words held: older ones are overwritten. */
  get capacity(): number {
    return this.#capacity;
  }

  /** Words currently held. */
  get size(): number {
    return Math.min(this.#end, this.#capacity);
  }

  /** Words overwritten so far. */
  get evicted(): number {
    return Math.max(0, this.#end - this.#capacity);
  }

  /** Adds the text whose word hashes are `hs[from, to)`, from event `seq`. */
  add(hs: Int32Array, from: number, to: number, seq: number): void {
    this.reserve(to - from + 1);
    if (this.#head.length === 0) {
      // First sized for half this text's words as distinct (prose repeats itself), then grown as they arrive:
      // sizing it for every word would double its memory.
      let slots = FIRST_SLOTS;
      while (((Math.min(to - from, this.#capacity) >> 1) + 1) * 2 > slots) slots *= 2;
      this.#head = new Int32Array(slots * 2);
    }
    this.begin(seq);
    for (let k = from; k < to; k++) this.push(hs[k] as number);
  }

  /**
   * Sizes the ring for `words` more words (gaps between texts included) in one step, so a session's texts cost
   * one allocation instead of a doubling per 64 words: a typed array costs a microsecond or more to allocate.
   */
  reserve(words: number): void {
    const length = this.#length;
    const need = this.#end + words;
    if (length < this.#capacity && need > length) {
      let size = Math.max(FIRST_SLOTS, length);
      while (size < need && size < this.#capacity) size *= 2;
      this.#resizeRing(size);
    }
  }

  /** Starts a new text added by event `seq`: no phrase will match across its start. */
  begin(seq: number): void {
    if (this.#end > 0) this.#write(GAP);
    this.#starts.push(this.#end);
    this.#seqs.push(seq);
    const oldest = this.#end - this.#capacity;
    // Keep the text that holds the oldest word still in the ring.
    while (this.#starts.length > 1 && (this.#starts[1] as number) <= oldest) {
      this.#starts.shift();
      this.#seqs.shift();
    }
  }

  /** Appends one word of the current text. */
  push(hash: number): void {
    const at = this.#end;
    this.#write(hash);
    this.#slots[((at & (this.#length - 1)) << 1) + 1] = this.#setHead(hash, at);
  }

  /**
   * The seq of the oldest held text that contains `hs[from..to)` as consecutive words, or -1. Work is bounded
   * by `MAX_CHAIN` occurrences of the first word, whatever the ring holds.
   */
  find(hs: ArrayLike<number>, from: number, to: number): number {
    const first = hs[from] as number;
    const len = to - from;
    const oldest = this.#end - this.size;
    const mask = this.#length - 1;
    const slots = this.#slots;
    let found = -1;
    let p = this.#getHead(first);
    for (let steps = 0; p >= oldest && steps < MAX_CHAIN; steps++) {
      if (p + len <= this.#end) {
        let j = 1;
        while (j < len && slots[((p + j) & mask) << 1] === hs[from + j]) j++;
        if (j === len) found = p;
      }
      p = slots[((p & mask) << 1) + 1] as number;
    }
    return found === -1 ? -1 : this.#seqAt(found);
  }

  #seqAt(pos: number): number {
    let i = this.#starts.length - 1;
    while (i > 0 && (this.#starts[i] as number) > pos) i--;
    return this.#seqs[i] as number;
  }

  #write(hash: number): void {
    if (this.#end === this.#length && this.#length < this.#capacity) this.#resizeRing(Math.max(FIRST_SLOTS, this.#length * 2));
    this.#slots[(this.#end & (this.#length - 1)) << 1] = hash;
    this.#end++;
  }

  // Before the ring first wraps, absolute positions are indices, so growing is a copy.
  #resizeRing(size: number): void {
    const slots = new Int32Array(size * 2);
    slots.set(this.#slots);
    this.#slots = slots;
    this.#length = size;
  }

  /** Points `hash` at `pos`; returns the position it pointed at before, or -1. */
  #setHead(hash: number, pos: number): number {
    const k = hash + 1;
    if (this.#head.length === 0) this.#head = new Int32Array(FIRST_SLOTS * 2);
    let t = this.#head;
    let mask = (t.length >> 1) - 1;
    for (let i = hash & mask; ; i = (i + 1) & mask) {
      const at = t[i * 2] as number;
      if (at === k) {
        const before = t[i * 2 + 1] as number;
        t[i * 2 + 1] = pos;
        return before;
      }
      if (at !== 0) continue;
      if ((this.#headSize + 1) * 4 > t.length) {
        this.#rebuildHead();
        t = this.#head;
        mask = (t.length >> 1) - 1;
        i = (hash & mask) - 1;
        continue;
      }
      t[i * 2] = k;
      t[i * 2 + 1] = pos;
      this.#headSize++;
      return -1;
    }
  }

  #getHead(hash: number): number {
    const k = hash + 1;
    const t = this.#head;
    if (t.length === 0) return -1;
    const mask = (t.length >> 1) - 1;
    for (let i = hash & mask; ; i = (i + 1) & mask) {
      const at = t[i * 2] as number;
      if (at === 0) return -1;
      if (at === k) return t[i * 2 + 1] as number;
    }
  }

  /** Drops entries whose word was overwritten, then doubles the table if it is still over half full. */
  #rebuildHead(): void {
    const old = this.#head;
    const oldest = this.#end - this.size;
    let live = 0;
    for (let i = 0; i < old.length; i += 2) if (old[i] !== 0 && (old[i + 1] as number) >= oldest) live++;
    let slots = old.length >> 1;
    while ((live + 1) * 2 > slots) slots *= 2;
    const next = new Int32Array(slots * 2);
    const mask = slots - 1;
    for (let i = 0; i < old.length; i += 2) {
      const k = old[i] as number;
      if (k === 0 || (old[i + 1] as number) < oldest) continue;
      let j = (k - 1) & mask;
      while (next[j * 2] !== 0) j = (j + 1) & mask;
      next[j * 2] = k;
      next[j * 2 + 1] = old[i + 1] as number;
    }
    this.#head = next;
    this.#headSize = live;
  }
}
