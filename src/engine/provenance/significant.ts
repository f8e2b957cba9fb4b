/**
 * Significant values: the tokens in free text that identify something an attacker would need to plant:
 * addresses, account numbers, URLs, ids, amounts. Ordinary words are not significant on their own.
 *
 * A token is a run of letters/digits joined by the punctuation identifiers use (`.`, `_`, `@`, `+`, `-`, `/`,
 * `:`), a joiner counting only between two letters or digits. Scanned by hand over char codes: a Unicode
 * regex for the same thing cost several times more on every tool result.
 */

import { ASCII_WORD, isWordChar } from './words.js';

/** Longest token kept: past this it is a blob, not an identifier (and costs more to hash). */
const MAX_TOKEN = 128;

// `.` 46, `_` 95, `@` 64, `+` 43, `-` 45, `/` 47, `:` 58
const JOINER = new Uint8Array(128);
for (const c of [46, 95, 64, 43, 45, 47, 58]) JOINER[c] = 1;

const HAS_DIGIT = /\p{N}/u;
const HAS_JOINER = /[._@\-/]/;

/** True when a token identifies something: has a digit, an `@`, or joined parts like `guest_amy` or `a.com`. */
function isSignificant(token: string): boolean {
  if (token.length < 2 || token.length > MAX_TOKEN) return false;
  if (HAS_DIGIT.test(token)) return true;
  return token.length >= 4 && HAS_JOINER.test(token);
}

function isWord(c: number, s: string, i: number): boolean {
  return c < 128 ? ASCII_WORD[c] === 1 : isWordChar(c, s, i);
}

/**
 * A cursor over the significant tokens in the first `maxChars` of a text: each `next()` moves to the next one
 * and sets `start` and `end`. One pass over char codes, each read once; a token's significance comes from
 * what the pass saw, and only a token with non-ASCII characters (which may be digits in another script)
 * needs the regex. A cursor rather than a callback: the hot callers (indexing tool output, tracing
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
    const n = this.#n;
    let i = this.#i;
    while (i < n) {
      let c = text.charCodeAt(i);
      while (!isWord(c, text, i)) {
        if (++i >= n) {
          this.#i = n;
          return false;
        }
        c = text.charCodeAt(i);
      }
      const start = i;
      let digit = false;
      let joined = false;
      let ascii = true;
      for (;;) {
        if (c >= 48 && c <= 57) digit = true;
        else if (c >= 128) ascii = false;
        if (++i >= n) break;
        c = text.charCodeAt(i);
        if (isWord(c, text, i)) continue;
        // A joiner counts only between two letters or digits.
        if (c < 128 && JOINER[c] === 1 && i + 1 < n) {
          const d = text.charCodeAt(i + 1);
          if (isWord(d, text, i + 1)) {
            if (c !== 43 && c !== 58) joined = true;
            c = d;
            i++;
            continue;
          }
        }
        break;
      }
      const len = i - start;
      if (len < 2 || len > MAX_TOKEN) continue;
      if (digit || (len >= 4 && joined) || (!ascii && isSignificant(text.slice(start, i)))) {
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
