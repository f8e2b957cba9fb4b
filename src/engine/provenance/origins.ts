import { FingerprintSet } from './fingerprint-set.js';
import { forEachSignificant } from './significant.js';
import { forEachWordHash, isStop, mix, SEQ_SEED, seqHash, trimStops, wordHashes } from './words.js';

/** Where a value was seen. Bits, so one value can have several origins. */
export const ORIGIN = { user: 1, untrusted: 2, injected: 4, trusted: 8, override: 16 } as const;
export type OriginBit = (typeof ORIGIN)[keyof typeof ORIGIN];
/** An injected origin of either strength. */
export const ANY_INJECTED = ORIGIN.injected | ORIGIN.override;
const BITS: readonly OriginBit[] = [ORIGIN.user, ORIGIN.untrusted, ORIGIN.injected, ORIGIN.trusted, ORIGIN.override];

/** Longest word n-gram indexed from prompts and injected spans: values up to this many words match whole. */
export const MAX_NGRAM = 6;

/** What one lookup found. */
export interface OriginHit {
  readonly bits: number;
  /** Event seq that added the injected origin (else the first origin seen), for the causal chain. */
  readonly seq: number;
}

/**
 * Fingerprints of values seen, per origin, for one session (DESIGN.md §3: "fingerprints of values seen, not a
 * replay of the session"). Each origin has its own bounded set, so bulk tool output can never push the
 * user's own words out of the index. Lookups cost O(words in the value), never O(session length).
 */
export class OriginIndex {
  readonly #sets = new Map<OriginBit, FingerprintSet>();
  readonly #capacity: number;
  // Reused ring of the last MAX_NGRAM word hashes while indexing n-grams.
  readonly #ring: number[] = new Array<number>(MAX_NGRAM).fill(0);

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
    let n = 0;
    for (const set of this.#sets.values()) n += set.evicted;
    return n;
  }

  /**
   * Indexes the word n-grams (1..MAX_NGRAM) of `text` that neither start nor end with a function word: for the
   * user's words and injected instructions.
   */
  addNgrams(text: string, bit: OriginBit, seq: number, maxWords = 4096): void {
    const set = this.#set(bit);
    const ring = this.#ring;
    let count = 0;
    forEachWordHash(
      text,
      (h) => {
        ring[count % MAX_NGRAM] = h;
        count++;
        if (isStop(h)) return; // an n-gram ending here would end with a function word
        // Every n-gram ending at this word, extended leftwards one word at a time: O(MAX_NGRAM) per word.
        let key = SEQ_SEED;
        const n = Math.min(MAX_NGRAM, count);
        for (let k = 1; k <= n; k++) {
          const w = ring[(count - k) % MAX_NGRAM] as number;
          key = mix(key, w);
          if (!isStop(w)) set.add(key, seq);
        }
      },
      maxWords,
    );
  }

  /** Indexes only significant tokens of `text`: for bulk tool output, where n-grams would cost too much. */
  addSignificant(text: string, bit: OriginBit, seq: number, maxChars?: number): void {
    const set = this.#set(bit);
    forEachSignificant(
      text,
      (t) => {
        const key = keyOf(wordHashes(t));
        if (key !== undefined) set.add(key, seq);
      },
      maxChars,
    );
  }

  /** Origins of a value given as word hashes (function words at the edges are ignored), or `undefined`. */
  lookup(hs: readonly number[]): OriginHit | undefined {
    const key = keyOf(hs);
    if (key === undefined) return undefined;
    let bits = 0;
    let seq = -1;
    for (const bit of BITS) {
      const s = this.#sets.get(bit)?.get(key) ?? -1;
      if (s === -1) continue;
      bits |= bit;
      // Prefer the seq that explains an injection; otherwise the first sighting.
      if (seq === -1 || (bit & ANY_INJECTED) !== 0) seq = s;
    }
    return bits === 0 ? undefined : { bits, seq };
  }

  #set(bit: OriginBit): FingerprintSet {
    let set = this.#sets.get(bit);
    if (set === undefined) this.#sets.set(bit, (set = new FingerprintSet(this.#capacity)));
    return set;
  }
}

/** The stored key of a value: its word hashes, function words trimmed from the edges. */
function keyOf(hs: readonly number[]): number | undefined {
  const [from, to] = trimStops(hs);
  return from === to ? undefined : seqHash(hs, from, to);
}
