/**
 * Word-level normalization shared by every provenance path, so that a value seen in a prompt, in an injected
 * instruction and in a tool argument hashes the same way whatever its punctuation, case, line wrapping or
 * leading article. Hashing walks the string's char codes: no word strings are allocated on the hot path.
 */

/** Words at most this long are hashed whole; longer ones are truncated (bounded work per word). */
const MAX_WORD = 48;
const FNV_OFFSET = 0x811c9dc5;
const FNV_PRIME = 0x01000193;

/** Letters and digits, ASCII fast path; anything else non-ASCII that is a letter or digit counts too. */
const NON_ASCII_WORD = /[\p{L}\p{N}]/u;
/** True when the char at `i` (whose code is `c`) is a letter or digit in any script. */
export function isWordChar(c: number, s: string, i: number): boolean {
  if (c < 128) return (c >= 48 && c <= 57) || (c >= 65 && c <= 90) || (c >= 97 && c <= 122);
  return NON_ASCII_WORD.test(s[i] as string);
}

function lower(c: number): number {
  return c >= 65 && c <= 90 ? c + 32 : c;
}

function endsWith(s: string, end: number, suffix: string): boolean {
  if (end - suffix.length < 0) return false;
  for (let k = 0; k < suffix.length; k++) if (lower(s.charCodeAt(end - suffix.length + k)) !== suffix.charCodeAt(k)) return false;
  return true;
}

/** End of a word's stem: `unlocks`/`unlocked`/`unlocking` all stop at `unlock`. Deliberately crude and cheap. */
function stemEnd(s: string, start: number, end: number): number {
  const n = end - start;
  if (n > 5 && endsWith(s, end, 'ing')) return end - 3;
  if (n > 4 && endsWith(s, end, 'ed')) return end - 2;
  if (n > 3 && endsWith(s, end, 's') && !endsWith(s, end, 'ss')) return end - 1;
  return end;
}

// Hashes are kept to 30 bits so V8 stores them as small integers: no boxed numbers, no garbage.
const MASK = 0x3fffffff;

function hashRange(s: string, start: number, end: number): number {
  let h = FNV_OFFSET;
  const stop = Math.min(end, start + MAX_WORD);
  for (let i = start; i < stop; i++) h = Math.imul(h ^ lower(s.charCodeAt(i)), FNV_PRIME);
  return h & MASK;
}

/** Folds one more word hash into a sequence hash. Sequences fold from their last word back to their first. */
export function mix(h: number, w: number): number {
  return (Math.imul(h ^ w, FNV_PRIME) ^ (h >>> 15)) & MASK;
}

/** The seed of a sequence hash. */
export const SEQ_SEED = FNV_OFFSET & MASK;

/** Calls `fn(hash)` for each word of `text` (lower-cased, stemmed), at most `limit` words. */
export function forEachWordHash(text: string, fn: (hash: number) => void, limit = Number.POSITIVE_INFINITY): void {
  let count = 0;
  let i = 0;
  const n = text.length;
  while (i < n && count < limit) {
    while (i < n && !isWordChar(text.charCodeAt(i), text, i)) i++;
    const start = i;
    while (i < n && isWordChar(text.charCodeAt(i), text, i)) i++;
    if (i > start) {
      fn(hashRange(text, start, stemEnd(text, start, i)));
      count++;
    }
  }
}

/** Word hashes of `text`, at most `limit`. */
export function wordHashes(text: string, limit = Number.POSITIVE_INFINITY): number[] {
  const out: number[] = [];
  forEachWordHash(text, (h) => out.push(h), limit);
  return out;
}

/** The hash of one word as `forEachWordHash` computes it. */
export function wordHash(word: string): number {
  return hashRange(word, 0, stemEnd(word, 0, word.length));
}

/**
 * Folds word hashes `[from, to)` into the key under which provenance stores a value. The fold runs from the
 * last word back, so that indexing can extend an n-gram leftwards one word at a time.
 */
export function seqHash(hs: readonly number[], from = 0, to = hs.length): number {
  let h = SEQ_SEED;
  for (let i = to - 1; i >= from; i--) h = mix(h, hs[i] as number);
  return h;
}

// Function words: an n-gram that starts or ends with one is a padded version of a shorter one, so neither the
// index nor a lookup keeps them at the edges ("the yard" and "yard" are the same value).
const STOP_HASHES: ReadonlySet<number> = new Set(
  'a an the to of in on at for by and or with from my your our his her their its me you it this that these those is are was be as'
    .split(' ')
    .map(wordHash),
);

/** True for a function word ("the", "to", "my"…). */
export function isStop(hash: number): boolean {
  return STOP_HASHES.has(hash);
}

/** `[from, to)` of `hs` with function words trimmed from both edges; empty when nothing else is left. */
export function trimStops(hs: readonly number[]): readonly [number, number] {
  let from = 0;
  let to = hs.length;
  while (from < to && isStop(hs[from] as number)) from++;
  while (to > from && isStop(hs[to - 1] as number)) to--;
  return [from, to];
}
