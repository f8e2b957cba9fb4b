import { FingerprintSet } from './fingerprint-set.js';
import { SignificantScan } from './significant.js';
import { WordRing } from './word-ring.js';
import { firstKept, hashWords, lastKept, rangeKey, seqHash } from './words.js';

/** Where a value was seen. Bits, so one value can have several origins. */
export const ORIGIN = { user: 1, untrusted: 2, injected: 4, trusted: 8, override: 16 } as const;
export type OriginBit = (typeof ORIGIN)[keyof typeof ORIGIN];
/** An injected origin of either strength. */
export const ANY_INJECTED = ORIGIN.injected | ORIGIN.override;
/** Origins indexed as running text (phrases match), and as significant tokens only. */
type TextOrigin = typeof ORIGIN.user | typeof ORIGIN.injected | typeof ORIGIN.override;
type TokenOrigin = typeof ORIGIN.untrusted | typeof ORIGIN.trusted;

/** Longest phrase matched in prompts and injected spans: values up to this many words match whole. */
export const MAX_NGRAM = 6;

/** What one lookup found. */
export interface OriginHit {
  readonly bits: number;
  /** Event seq that added the injected origin (else the first origin seen), for the causal chain. */
  readonly seq: number;
}

/** Most significant tokens keyed per batch; a longer text is indexed in several batches, in order. */
const KEY_BATCH = 1024;
// Buffers shared by every index: indexing is synchronous, and each call reads them before returning.
const textWords = new Int32Array(4096);
const tokenKeys = new Int32Array(KEY_BATCH);
// `addSpans`: the word hashes of all the spans, one after another, and how many each has. Grown on demand.
let batchWords = new Int32Array(textWords.length);
const batchCounts: number[] = [];

/**
 * Fingerprints of values seen, per origin, for one session (DESIGN.md §3: "fingerprints of values seen, not a
 * replay of the session"). Each origin has its own bounded set, so bulk tool output can never push the
 * user's own words out of the index. Lookups cost O(words in the value), never O(session length).
 *
 * One field per origin rather than a map: a lookup reads all five on every argument value.
 */
export class OriginIndex {
  #user: WordRing | undefined;
  #injected: WordRing | undefined;
  #override: WordRing | undefined;
  #untrusted: FingerprintSet | undefined;
  #trusted: FingerprintSet | undefined;
  readonly #capacity: number;

  /** `capacity` bounds each origin: words held for running text, fingerprints for significant tokens. */
  constructor(capacity: number) {
    this.#capacity = capacity;
  }

  get size(): number {
    let n = 0;
    for (const ring of [this.#user, this.#injected, this.#override]) n += ring?.size ?? 0;
    for (const set of [this.#untrusted, this.#trusted]) n += set?.size ?? 0;
    return n;
  }

  get evicted(): number {
    let n = 0;
    for (const ring of [this.#user, this.#injected, this.#override]) n += ring?.evicted ?? 0;
    for (const set of [this.#untrusted, this.#trusted]) n += set?.evicted ?? 0;
    return n;
  }

  /**
   * Holds the words of `text` (its first `maxWords`), so that any phrase of up to MAX_NGRAM words in it is
   * found later: for the user's words and injected instructions.
   */
  addText(text: string, bit: TextOrigin, seq: number, maxWords = textWords.length): void {
    const count = hashWords(text, textWords, maxWords);
    this.#ring(bit).add(textWords, 0, count, seq);
  }

  /**
   * `addText` for several spans of one text (the injected sentences of one tool result), in order, with the
   * ring sized once for all of them rather than growing span by span. `spans` holds (start, end) pairs. The
   * spans are hashed in place (no slice per span; the text is encoded once for all of them), from the last
   * one back, and only until they fill the ring: the words of earlier spans would be overwritten by the later
   * ones before this call returns, so hashing them is wasted work.
   */
  addSpans(text: string, spans: readonly number[], bit: TextOrigin, seq: number): void {
    const ring = this.#ring(bit);
    let total = 0;
    let first = spans.length >> 1;
    while (first > 0 && total < ring.capacity) {
      first--;
      if (batchWords.length < total + textWords.length) {
        const grown = new Int32Array(Math.max(batchWords.length * 2, total + textWords.length));
        grown.set(batchWords.subarray(0, total));
        batchWords = grown;
      }
      // Spans land in the buffer last first; each one's words stay in order.
      const words = hashWords(text, batchWords.subarray(total), textWords.length, spans[2 * first] as number, spans[2 * first + 1] as number);
      batchCounts[first] = words;
      total += words;
    }
    const count = (spans.length >> 1) - first;
    ring.reserve(total + count);
    let to = total;
    for (let t = first; t < first + count; t++) {
      const from = to - (batchCounts[t] as number);
      ring.add(batchWords, from, to, seq);
      to = from;
    }
  }

  #ring(bit: TextOrigin): WordRing {
    let ring = bit === ORIGIN.user ? this.#user : bit === ORIGIN.injected ? this.#injected : this.#override;
    if (ring === undefined) {
      ring = new WordRing(this.#capacity);
      if (bit === ORIGIN.user) this.#user = ring;
      else if (bit === ORIGIN.injected) this.#injected = ring;
      else this.#override = ring;
    }
    return ring;
  }

  /** Indexes only significant tokens of `text`: for bulk tool output, where running text would cost too much. */
  addSignificant(text: string, bit: TokenOrigin, seq: number, maxChars?: number): void {
    const scan = new SignificantScan(text, maxChars);
    for (;;) {
      let count = 0;
      while (count < KEY_BATCH && scan.next()) {
        const key = rangeKey(text, scan.start, scan.end);
        if (key !== -1) tokenKeys[count++] = key;
      }
      if (count === 0) return;
      let set = bit === ORIGIN.untrusted ? this.#untrusted : this.#trusted;
      if (set === undefined) {
        set = new FingerprintSet(this.#capacity, count);
        if (bit === ORIGIN.untrusted) this.#untrusted = set;
        else this.#trusted = set;
      }
      set.addAll(tokenKeys, count, seq);
      if (count < KEY_BATCH) return;
    }
  }

  /**
   * Origins of a value given as word hashes `hs[from, to)` (function words at the edges are ignored), or
   * `undefined`.
   */
  lookup(hs: ArrayLike<number>, from = 0, to = hs.length): OriginHit | undefined {
    from = firstKept(hs, from, to);
    to = lastKept(hs, from, to);
    if (from === to) return undefined;
    let bits = 0;
    let seq = -1;
    // Order matters for the seq reported: the first sighting, unless an injected origin explains the value.
    if (this.#untrusted !== undefined || this.#trusted !== undefined) {
      const key = seqHash(hs, from, to);
      const u = this.#untrusted?.get(key) ?? -1;
      if (u !== -1) {
        bits |= ORIGIN.untrusted;
        seq = u;
      }
      const t = this.#trusted?.get(key) ?? -1;
      if (t !== -1) {
        bits |= ORIGIN.trusted;
        if (seq === -1) seq = t;
      }
    }
    if (to - from <= MAX_NGRAM) {
      const u = this.#user?.find(hs, from, to) ?? -1;
      if (u !== -1) {
        bits |= ORIGIN.user;
        if (seq === -1) seq = u;
      }
      const i = this.#injected?.find(hs, from, to) ?? -1;
      if (i !== -1) {
        bits |= ORIGIN.injected;
        seq = i;
      }
      const o = this.#override?.find(hs, from, to) ?? -1;
      if (o !== -1) {
        bits |= ORIGIN.override;
        seq = o;
      }
    }
    return bits === 0 ? undefined : { bits, seq };
  }
}
