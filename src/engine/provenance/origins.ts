import { forEachSignificant } from './significant.js';
import { hashWords, words } from './words.js';

/** Where a value was seen. Bits, so one value can have several origins. */
export const ORIGIN = { user: 1, untrusted: 2, injected: 4, trusted: 8, override: 16 } as const;
/** An injected origin of either strength. */
export const ANY_INJECTED = ORIGIN.injected | ORIGIN.override;
export type OriginBit = (typeof ORIGIN)[keyof typeof ORIGIN];

/** Longest word n-gram indexed from prompts and injected spans: values up to this many words match whole. */
export const MAX_NGRAM = 6;

/** What one lookup found. */
export interface OriginHit {
  readonly bits: number;
  /** Event seq that last added the `injected` origin (else the first origin seen), for the causal chain. */
  readonly seq: number;
}

/**
 * Fingerprints of values seen, per origin, for one session (DESIGN.md §3: "fingerprints of values seen, not a
 * replay of the session"). Each origin has its own bounded set, so bulk tool output can never push the
 * user's own words out of the index. Lookups cost O(words in the value), never O(session length). When a set
 * is full its oldest fingerprints go first (a `Map` iterates in insertion order).
 */
export class OriginIndex {
  readonly #sets = new Map<OriginBit, Map<number, number>>();
  readonly #capacity: number;
  #evicted = 0;

  /** `capacity` bounds each origin's set. */
  constructor(capacity: number) {
    this.#capacity = capacity;
  }

  get size(): number {
    let n = 0;
    for (const set of this.#sets.values()) n += set.size;
    return n;
  }

  get evicted(): number {
    return this.#evicted;
  }

  /** Indexes every word n-gram (1..MAX_NGRAM) of `text`: for the user's words and injected instructions. */
  addNgrams(text: string, bit: OriginBit, seq: number, maxWords = 4096): void {
    const set = this.#set(bit);
    const ws = words(text, maxWords);
    for (let i = 0; i < ws.length; i++) {
      const end = Math.min(ws.length, i + MAX_NGRAM);
      for (let j = i + 1; j <= end; j++) this.#add(set, hashWords(ws, i, j), seq);
    }
  }

  /** Indexes only significant tokens of `text`: for bulk tool output, where n-grams would cost too much. */
  addSignificant(text: string, bit: OriginBit, seq: number, maxChars?: number): void {
    const set = this.#set(bit);
    forEachSignificant(text, (t) => this.#add(set, hashWords(words(t)), seq), maxChars);
  }

  /** Origins of one word sequence, or `undefined` when never seen. */
  lookup(ws: readonly string[], from = 0, to = ws.length): OriginHit | undefined {
    const key = hashWords(ws, from, to);
    let bits = 0;
    let seq = -1;
    for (const [bit, set] of this.#sets) {
      const s = set.get(key);
      if (s === undefined) continue;
      bits |= bit;
      // Prefer the seq that explains an injection; otherwise the first sighting.
      if (seq === -1 || (bit & ANY_INJECTED) !== 0) seq = s;
    }
    return bits === 0 ? undefined : { bits, seq };
  }

  #set(bit: OriginBit): Map<number, number> {
    let set = this.#sets.get(bit);
    if (set === undefined) this.#sets.set(bit, (set = new Map()));
    return set;
  }

  #add(set: Map<number, number>, key: number, seq: number): void {
    if (set.has(key)) return;
    if (set.size >= this.#capacity) {
      const first = set.keys().next();
      if (first.done !== true) set.delete(first.value);
      this.#evicted++;
    }
    set.set(key, seq);
  }
}
