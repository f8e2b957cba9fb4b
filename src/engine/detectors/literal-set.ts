import { asciiCodes } from '../ascii-codes.js';

/** ASCII letters folded to lower case; index 128 (every non-ASCII char) and NUL map to 0, which no literal holds. */
const FOLD = new Uint8Array(129);
for (let c = 1; c < 128; c++) FOLD[c] = c >= 65 && c <= 90 ? c + 32 : c;

/** A folded char code and, for a letter, its upper case. */
const cases = (c: number): number[] => (c >= 97 && c <= 122 ? [c, c - 32] : [c]);

/**
 * Tells which of a fixed set of literals (any ASCII case) occur anywhere in a text, in one pass over its char
 * codes that reads every second position. Every literal is three or more chars long, so an occurrence at `p`
 * puts one of its first two pairs (chars 0–1 or 1–2) at an even position: `p` or `p + 1`. The pair at each
 * even position indexes a table (every case of both pairs of every literal is entered, so the scan need not
 * fold them) naming the literals and offsets it may belong to; only those are compared. Half the lookups of a
 * pair at every position (3.07 → 2.3 ns/char on prose here), which itself cost about half of a case-insensitive
 * alternation regex: that tries its alternatives at every position whose char opens one (most letters do).
 *
 * Case folds on ASCII letters only, as a pattern's `i` flag does without `u`: no other char folds onto one.
 */
export class LiteralSet {
  /** Pairs of chars to candidates: slot `(a << 7) + b` (codes up to 128) holds 1 + the group's index, or 0. */
  readonly #pairs = new Uint8Array((129 << 7) + 1);
  /** Per group, the literals the pair may belong to, with the pair's offset in each. */
  readonly #groups: { readonly codes: Uint8Array; readonly offset: number; readonly bits: number }[][] = [];
  readonly #all: number;

  /** `literals` pairs each literal (three or more printable ASCII chars) with the bits it sets in `find`'s result. */
  constructor(literals: readonly (readonly [literal: string, bits: number])[]) {
    let all = 0;
    for (const [literal, bits] of literals) {
      if (!/^[\x20-\x7e]{3,}$/.test(literal)) throw new Error(`literal ${JSON.stringify(literal)} must be three or more printable ASCII chars`);
      const codes = Uint8Array.from([...literal].map((ch) => FOLD[ch.charCodeAt(0)] as number));
      for (const offset of [0, 1]) {
        const a = codes[offset] as number;
        const b = codes[offset + 1] as number;
        if (this.#pairs[(a << 7) + b] === 0) {
          if (this.#groups.length === 255) throw new Error('too many literal groups');
          this.#groups.push([]);
          for (const x of cases(a)) for (const y of cases(b)) this.#pairs[(x << 7) + y] = this.#groups.length;
        }
        (this.#groups[(this.#pairs[(a << 7) + b] as number) - 1] as { codes: Uint8Array; offset: number; bits: number }[]).push({ codes, offset, bits });
      }
      all |= bits;
    }
    this.#all = all;
  }

  /** The bits of every literal that occurs in `text` (0 when none does). */
  find(text: string): number {
    const n = text.length;
    if (n < 3) return 0;
    const codes = asciiCodes(text);
    const pairs = this.#pairs;
    let found = 0;
    for (let i = 0; i + 1 < n; i += 2) {
      const g = pairs[((codes[i] as number) << 7) + (codes[i + 1] as number)] as number;
      if (g === 0) continue;
      found |= this.#candidates(g - 1, codes, i, n);
      if (found === this.#all) break;
    }
    return found;
  }

  /** Bits of the literals of group `g` that occur where the pair at `at` sits at their offset. */
  #candidates(g: number, codes: Uint8Array, at: number, n: number): number {
    let bits = 0;
    for (const { codes: lit, offset, bits: b } of this.#groups[g] as { codes: Uint8Array; offset: number; bits: number }[]) {
      const start = at - offset;
      if (start < 0 || start + lit.length > n) continue;
      let k = 0;
      while (k < lit.length && FOLD[codes[start + k] as number] === lit[k]) k++;
      if (k === lit.length) bits |= b;
    }
    return bits;
  }
}
