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
 * Calls `fn(start, end)` for each significant token in the first `maxChars` of `text`. One pass over char
 * codes, each read once; a token's significance comes from what the pass saw, and only a token with
 * non-ASCII characters (which may be digits in another script) needs the regex.
 */
export function forEachSignificantRange(text: string, fn: (start: number, end: number) => void, maxChars = 1 << 20): void {
  const n = Math.min(text.length, maxChars);
  let i = 0;
  while (i < n) {
    let c = text.charCodeAt(i);
    while (!isWord(c, text, i)) {
      if (++i >= n) return;
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
    if (digit || (len >= 4 && joined) || (!ascii && isSignificant(text.slice(start, i)))) fn(start, i);
  }
}
