/**
 * Significant values: the tokens in free text that identify something an attacker would need to plant:
 * addresses, account numbers, URLs, ids, amounts. Ordinary words are not significant on their own.
 */

// A run of letters/digits joined by the punctuation that identifiers use (`.`, `_`, `-`, `@`, `+`, `/`, `:`).
const TOKEN_RE = /[\p{L}\p{N}](?:[\p{L}\p{N}]|[._@+\-/:](?=[\p{L}\p{N}]))*/gu;
const HAS_DIGIT = /\p{N}/u;
const HAS_JOINER = /[._@\-/]/;

/** Longest token kept: past this it is a blob, not an identifier (and costs more to hash). */
const MAX_TOKEN = 128;

/** True when a token identifies something: has a digit, an `@`, or joined parts like `guest_amy` or `a.com`. */
export function isSignificant(token: string): boolean {
  if (token.length < 2 || token.length > MAX_TOKEN) return false;
  if (HAS_DIGIT.test(token)) return true;
  return token.length >= 4 && HAS_JOINER.test(token);
}

/** Calls `fn` for each significant token in the first `maxChars` of `text`. */
export function forEachSignificant(text: string, fn: (token: string) => void, maxChars = 1 << 20): void {
  const s = text.length > maxChars ? text.slice(0, maxChars) : text;
  TOKEN_RE.lastIndex = 0;
  for (let m = TOKEN_RE.exec(s); m !== null; m = TOKEN_RE.exec(s)) {
    if (isSignificant(m[0])) fn(m[0]);
  }
}
