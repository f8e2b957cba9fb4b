/**
 * Significant values: the tokens in free text that identify something an attacker would need to plant:
 * addresses, account numbers, URLs, ids, amounts. Ordinary words are not significant on their own.
 *
 * A token is a run of letters/digits joined by the punctuation identifiers use (`.`, `_`, `@`, `+`, `-`, `/`,
 * `:`), a joiner counting only between two letters or digits. Scanned by hand over char codes: a Unicode
 * regex for the same thing cost several times more on every tool result.
 */

import { isWordChar } from './words.js';

/** Longest token kept: past this it is a blob, not an identifier (and costs more to hash). */
const MAX_TOKEN = 128;

function isAlnum(s: string, i: number): boolean {
  return isWordChar(s.charCodeAt(i), s, i);
}

// `.` 46, `_` 95, `@` 64, `+` 43, `-` 45, `/` 47, `:` 58
function isJoiner(c: number): boolean {
  return c === 46 || c === 95 || c === 64 || c === 43 || c === 45 || c === 47 || c === 58;
}

const HAS_DIGIT = /\p{N}/u;
const HAS_JOINER = /[._@\-/]/;

/** True when a token identifies something: has a digit, an `@`, or joined parts like `guest_amy` or `a.com`. */
export function isSignificant(token: string): boolean {
  if (token.length < 2 || token.length > MAX_TOKEN) return false;
  if (HAS_DIGIT.test(token)) return true;
  return token.length >= 4 && HAS_JOINER.test(token);
}

/** Calls `fn` for each significant token in the first `maxChars` of `text`. */
export function forEachSignificant(text: string, fn: (token: string) => void, maxChars = 1 << 20): void {
  const n = Math.min(text.length, maxChars);
  let i = 0;
  while (i < n) {
    while (i < n && !isAlnum(text, i)) i++;
    const start = i;
    let digit = false;
    let joined = false;
    let ascii = true;
    while (i < n) {
      if (isAlnum(text, i)) {
        const c = text.charCodeAt(i);
        if (c >= 48 && c <= 57) digit = true;
        else if (c >= 128) ascii = false;
        i++;
      } else if (isJoiner(text.charCodeAt(i)) && i + 1 < n && isAlnum(text, i + 1)) {
        if (text.charCodeAt(i) !== 43 && text.charCodeAt(i) !== 58) joined = true;
        i++;
      } else break;
    }
    const len = i - start;
    if (len < 2 || len > MAX_TOKEN) continue;
    // Same test as `isSignificant`, from what the scan already saw; only a token with non-ASCII characters
    // (which may be digits in another script) needs the regex.
    if (digit || (len >= 4 && joined)) fn(text.slice(start, i));
    else if (!ascii) {
      const token = text.slice(start, i);
      if (isSignificant(token)) fn(token);
    }
  }
}
