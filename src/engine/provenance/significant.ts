/**
 * Significant values: the tokens in free text that identify something an attacker would need to plant:
 * addresses, account numbers, URLs, ids, amounts. Ordinary words are not significant on their own.
 *
 * A token is a run of letters/digits joined by the punctuation identifiers use (`.`, `_`, `@`, `+`, `-`, `/`,
 * `:`), a joiner counting only between two letters or digits. Scanned by hand over char codes: a Unicode
 * regex for the same thing cost several times more on every tool result.
 */

import { asciiCodes, NON_ASCII as NON_ASCII_CODE } from '../ascii-codes.js';
import { ASCII_WORD, isWordChar } from './words.js';

/** Longest token kept: past this it is a blob, not an identifier (and costs more to hash). */
const MAX_TOKEN = 128;

// What each char is, as bits, so the scan reads one table entry per char and ORs what a token holds.
const WORD = 1;
const DIGIT = 2;
/** A joiner that makes a token an identifier: `.` `_` `@` `-` `/`. */
const JOIN = 4;
/** A joiner that only continues a token: `+` (`x+1`) and `:` (`c:d`). */
const JOIN_WEAK = 8;
const NON_ASCII = 16;
/** By `asciiCodes` code; NON_ASCII_CODE's entry says "read the char". */
const CLASS = new Uint8Array(NON_ASCII_CODE + 1);
for (let c = 0; c < 128; c++) CLASS[c] = ASCII_WORD[c] === 1 ? WORD | (c <= 57 ? DIGIT : 0) : 0;
for (const c of [46, 95, 64, 45, 47]) CLASS[c] = JOIN;
for (const c of [43, 58]) CLASS[c] = JOIN_WEAK;
CLASS[NON_ASCII_CODE] = NON_ASCII;

const HAS_DIGIT = /\p{N}/u;
const HAS_JOINER = /[._@\-/]/;

/** True when a token identifies something: has a digit, an `@`, or joined parts like `guest_amy` or `a.com`. */
function isSignificant(token: string): boolean {
  if (token.length < 2 || token.length > MAX_TOKEN) return false;
  if (HAS_DIGIT.test(token)) return true;
  return token.length >= 4 && HAS_JOINER.test(token);
}

/** The class bits of the char at `i`, whose `asciiCodes` code is `code`. */
function classOf(code: number, s: string, i: number): number {
  const f = CLASS[code] as number;
  return f !== NON_ASCII ? f : isWordChar(s.charCodeAt(i), s, i) ? WORD | NON_ASCII : 0;
}

/** Chars that can make a token significant: digits, strong joiners, and non-ASCII (digits of other scripts). */
const CANDIDATE = DIGIT | JOIN | NON_ASCII;

/**
 * A cursor over the significant tokens in the first `maxChars` of a text: each `next()` moves to the next one
 * and sets `start` and `end`. A cursor rather than a callback: the hot callers (indexing tool output, tracing
 * arguments) then run their per-token work in their own loop, with no closure per call.
 *
 * Whether a char belongs to a token depends only on its neighbours: a letter or digit always does, a joiner
 * when a letter or digit is on both sides. So tokens are the maximal runs of such chars, and a token can be
 * found from any char in it. Only a token holding a digit, a strong joiner or a non-ASCII char can be
 * significant, and prose has few of those: the scan skips from one to the next over the text's
 * `asciiCodes` (shared with the other scans of the same text), and reads the rest of a token only around
 * one. Plain words, most of the text, cost one table lookup per char.
 */
export class SignificantScan {
  start = 0;
  end = 0;
  readonly #text: string;
  readonly #n: number;
  #i = 0;

  constructor(text: string, maxChars = 1 << 20) {
    this.#text = text;
    this.#n = Math.min(text.length, maxChars);
  }

  /** Moves to the next significant token; false when there is none left. */
  next(): boolean {
    const text = this.#text;
    // Fetched per call (a cached lookup): between two calls the caller may have encoded another text.
    const codes = asciiCodes(text);
    const n = this.#n;
    let i = this.#i;
    while (i < n) {
      if (((CLASS[codes[i] as number] as number) & CANDIDATE) === 0 || !this.#member(codes, i)) {
        i++;
        continue;
      }
      let start = i;
      while (start > 0 && this.#member(codes, start - 1)) start--;
      let end = i + 1;
      while (end < n && this.#member(codes, end)) end++;
      i = end;
      const len = end - start;
      if (len < 2 || len > MAX_TOKEN) continue;
      let seen = 0;
      for (let k = start; k < end; k++) seen |= classOf(codes[k] as number, text, k);
      if ((seen & DIGIT) !== 0 || (len >= 4 && (seen & JOIN) !== 0) || ((seen & NON_ASCII) !== 0 && isSignificant(text.slice(start, end)))) {
        this.start = start;
        this.end = end;
        this.#i = end;
        return true;
      }
    }
    this.#i = n;
    return false;
  }

  /** True when the char at `i` (below the scan's bound) belongs to a token. */
  #member(codes: Uint8Array, i: number): boolean {
    const f = classOf(codes[i] as number, this.#text, i);
    if ((f & WORD) !== 0) return true;
    // A joiner counts only between two letters or digits.
    return (
      (f & (JOIN | JOIN_WEAK)) !== 0 &&
      i > 0 &&
      i + 1 < this.#n &&
      (classOf(codes[i - 1] as number, this.#text, i - 1) & WORD) !== 0 &&
      (classOf(codes[i + 1] as number, this.#text, i + 1) & WORD) !== 0
    );
  }
}
