import { FingerprintSet } from './fingerprint-set.js';
import { forEachSignificantRange } from './significant.js';
import { WordRing } from './word-ring.js';
import { forEachWordHash, rangeKey, seqHash, trimStops } from './words.js';

/** Where a value was seen. Bits, so one value can have several origins. */
export const ORIGIN = { user: 1, untrusted: 2, injected: 4, trusted: 8, override: 16 } as const;
export type OriginBit = (typeof ORIGIN)[keyof typeof ORIGIN];
/** An injected origin of either strength. */
export const ANY_INJECTED = ORIGIN.injected | ORIGIN.override;
/** Origins indexed as running text (phrases match), and as significant tokens only. */
type TextOrigin = typeof ORIGIN.user | typeof ORIGIN.injected | typeof ORIGIN.override;
type TokenOrigin = typeof ORIGIN.untrusted | typeof ORIGIN.trusted;
const TEXT_BITS: readonly TextOrigin[] = [ORIGIN.user, ORIGIN.injected, ORIGIN.override];
const TOKEN_BITS: readonly TokenOrigin[] = [ORIGIN.untrusted, ORIGIN.trusted];

/** Longest phrase matched in prompts and injected spans: values up to this many words match whole. */
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
  readonly #rings = new Map<TextOrigin, WordRing>();
  readonly #sets = new Map<TokenOrigin, FingerprintSet>();
  readonly #capacity: number;

  /** `capacity` bounds each origin: words held for running text, fingerprints for significant tokens. */
  constructor(capacity: number) {
    this.#capacity = capacity;
  }

  get size(): number {
    let n = 0;
    for (const ring of this.#rings.values()) n += ring.size;
    for (const set of this.#sets.values()) n += set.size;
    return n;
  }

  get evicted(): number {
    let n = 0;
    for (const ring of this.#rings.values()) n += ring.evicted;
    for (const set of this.#sets.values()) n += set.evicted;
    return n;
  }

  /**
   * Holds the words of `text` (its first `maxWords`), so that any phrase of up to MAX_NGRAM words in it is
   * found later: for the user's words and injected instructions.
   */
  addText(text: string, bit: TextOrigin, seq: number, maxWords = 4096): void {
    let ring = this.#rings.get(bit);
    if (ring === undefined) this.#rings.set(bit, (ring = new WordRing(this.#capacity)));
    const r = ring;
    r.begin(seq);
    forEachWordHash(text, (h) => r.push(h), maxWords);
  }

  /** Indexes only significant tokens of `text`: for bulk tool output, where running text would cost too much. */
  addSignificant(text: string, bit: TokenOrigin, seq: number, maxChars?: number): void {
    let set = this.#sets.get(bit);
    if (set === undefined) this.#sets.set(bit, (set = new FingerprintSet(this.#capacity)));
    const s = set;
    forEachSignificantRange(
      text,
      (start, end) => {
        const key = rangeKey(text, start, end);
        if (key !== -1) s.add(key, seq);
      },
      maxChars,
    );
  }

  /** Origins of a value given as word hashes (function words at the edges are ignored), or `undefined`. */
  lookup(hs: ArrayLike<number>): OriginHit | undefined {
    const [from, to] = trimStops(hs);
    if (from === to) return undefined;
    let bits = 0;
    let seq = -1;
    const note = (bit: OriginBit, s: number): void => {
      if (s === -1) return;
      bits |= bit;
      // Prefer the seq that explains an injection; otherwise the first sighting.
      if (seq === -1 || (bit & ANY_INJECTED) !== 0) seq = s;
    };
    if (this.#sets.size > 0) {
      const key = seqHash(hs, from, to);
      for (const bit of TOKEN_BITS) note(bit, this.#sets.get(bit)?.get(key) ?? -1);
    }
    if (to - from <= MAX_NGRAM) for (const bit of TEXT_BITS) note(bit, this.#rings.get(bit)?.find(hs, from, to) ?? -1);
    return bits === 0 ? undefined : { bits, seq };
  }
}
