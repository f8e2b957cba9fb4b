import { asciiCodes } from '../ascii-codes.js';

/** ASCII letters folded to lower case; index 128 (every non-ASCII char) and NUL map to 0, which no literal holds. */
const FOLD = new Uint8Array(129);
for (let c = 1; c < 128; c++) FOLD[c] = c >= 65 && c <= 90 ? c + 32 : c;

/** A folded char code and, for a letter, its upper case. */
const cases = (c: number): number[] => (c >= 97 && c <= 122 ? [c, c - 32] : [c]);

/**
 * Tells which of a fixed set of literals (any ASCII case) occur anywhere in a text, in one pass over its char
 * codes. Each position's two chars index a table (every case of a literal's first two chars is entered, so
 * the scan need not fold them) naming the literals that open with them; only those are compared. On prose
 * this costs about half what a case-insensitive alternation regex does, which tries its alternatives at every
 * position whose char opens one (most letters do).
 *
 * Case folds on ASCII letters only, as a pattern's `i` flag does without `u`: no other char folds onto one.
 */
export class LiteralSet {
  /** Literals grouped by their first two chars: slot `(a << 7) + b` (codes up to 128) holds 1 + the group's index, or 0. */
  readonly #pairs = new Uint8Array((129 << 7) + 1);
  /** Per group, the literals' remaining chars (folded) and bits. */
  readonly #groups: { readonly rest: Uint8Array; readonly bits: number }[][] = [];
  readonly #all: number;

  /** `literals` pairs each literal (two or more printable ASCII chars) with the bits it sets in `find`'s result. */
  constructor(literals: readonly (readonly [literal: string, bits: number])[]) {
    let all = 0;
    for (const [literal, bits] of literals) {
      if (!/^[\x20-\x7e]{2,}$/.test(literal)) throw new Error(`literal ${JSON.stringify(literal)} must be two or more printable ASCII chars`);
      const codes = [...literal].map((ch) => FOLD[ch.charCodeAt(0)] as number);
      const a = codes[0] as number;
      const b = codes[1] as number;
      if (this.#pairs[(a << 7) + b] === 0) {
        if (this.#groups.length === 255) throw new Error('too many literal groups');
        this.#groups.push([]);
        for (const x of cases(a)) for (const y of cases(b)) this.#pairs[(x << 7) + y] = this.#groups.length;
      }
      (this.#groups[(this.#pairs[(a << 7) + b] as number) - 1] as { rest: Uint8Array; bits: number }[]).push({ rest: Uint8Array.from(codes.slice(2)), bits });
      all |= bits;
    }
    this.#all = all;
  }

  /** The bits of every literal that occurs in `text` (0 when none does). */
  find(text: string): number {
    const n = text.length;
    if (n < 2) return 0;
    const codes = asciiCodes(text);
    const pairs = this.#pairs;
    let found = 0;
    let a = codes[0] as number;
    for (let i = 1; i < n; i++) {
      const b = codes[i] as number;
      const g = pairs[(a << 7) + b] as number;
      a = b;
      if (g === 0) continue;
      found |= this.#rest(g - 1, codes, i + 1, n);
      if (found === this.#all) break;
    }
    return found;
  }

  /** Bits of the literals of group `g` whose remaining chars follow at `from`. */
  #rest(g: number, codes: Uint8Array, from: number, n: number): number {
    let bits = 0;
    for (const { rest, bits: b } of this.#groups[g] as { rest: Uint8Array; bits: number }[]) {
      if (from + rest.length > n) continue;
      let k = 0;
      while (k < rest.length && FOLD[codes[from + k] as number] === rest[k]) k++;
      if (k === rest.length) bits |= b;
    }
    return bits;
  }
}
