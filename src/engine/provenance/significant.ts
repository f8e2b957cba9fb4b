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

/**
 * A cursor over the significant tokens in the first `maxChars` of a text: each `next()` moves to the next one
 * and sets `start` and `end`. One pass over char codes, each read once; a token's significance comes from
 * what the pass saw, and only a token with non-ASCII characters (which may be digits in another script)
 * needs the regex. It reads the text's `asciiCodes`, shared with the other scans of the same text. A cursor rather than a callback: the hot callers (indexing tool output, tracing
 * arguments) then run their per-token work in their own loop, with no closure per call.
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
      let f = classOf(codes[i] as number, text, i);
      while ((f & WORD) === 0) {
        if (++i >= n) {
          this.#i = n;
          return false;
        }
        f = classOf(codes[i] as number, text, i);
      }
      const start = i;
      let seen = f;
      for (;;) {
        if (++i >= n) break;
        f = classOf(codes[i] as number, text, i);
        if ((f & WORD) !== 0) {
          seen |= f;
          continue;
        }
        // A joiner counts only between two letters or digits.
        if ((f & (JOIN | JOIN_WEAK)) !== 0 && i + 1 < n) {
          const g = classOf(codes[i + 1] as number, text, i + 1);
          if ((g & WORD) !== 0) {
            seen |= (f & JOIN) | g;
            i++;
            continue;
          }
        }
        break;
      }
      const len = i - start;
      if (len < 2 || len > MAX_TOKEN) continue;
      if ((seen & DIGIT) !== 0 || (len >= 4 && (seen & JOIN) !== 0) || ((seen & NON_ASCII) !== 0 && isSignificant(text.slice(start, i)))) {
        this.start = start;
        this.end = i;
        this.#i = i;
        return true;
      }
    }
    this.#i = n;
    return false;
  }
}
