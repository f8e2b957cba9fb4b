import { asciiCodes, NON_ASCII } from '../ascii-codes.js';

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
/**
 * What a word's hash takes of each code `asciiCodes` gives: ASCII letters lower-cased and digits as they are,
 * 0 for every other ASCII char (one load both folds and ends a word), and NON_ASCII for the char to read.
 */
const FOLD = new Uint8Array(NON_ASCII + 1);
for (let c = 0; c < 128; c++) FOLD[c] = (c >= 48 && c <= 57) || (c >= 97 && c <= 122) ? c : c >= 65 && c <= 90 ? c + 32 : 0;
FOLD[NON_ASCII] = NON_ASCII;

/** 1 for the ASCII letters and digits. */
export const ASCII_WORD = new Uint8Array(128);
for (let c = 0; c < 128; c++) ASCII_WORD[c] = (c >= 48 && c <= 57) || (c >= 65 && c <= 90) || (c >= 97 && c <= 122) ? 1 : 0;

/** True when the char at `i` (whose code is `c`) is a letter or digit in any script. */
export function isWordChar(c: number, s: string, i: number): boolean {
  if (c < 128) return ASCII_WORD[c] === 1;
  return NON_ASCII_WORD.test(s[i] as string);
}

function lower(c: number): number {
  return c >= 65 && c <= 90 ? c + 32 : c;
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
function mix(h: number, w: number): number {
  return (Math.imul(h ^ w, FNV_PRIME) ^ (h >>> 15)) & MASK;
}

/** The seed of a sequence hash. */
const SEQ_SEED = FNV_OFFSET & MASK;

/** Where the last `hashWords` call stopped reading: the end of its last word, or `to`. */
let stoppedAt = 0;

/** What the hash takes of the char at `i`, whose `FOLD` entry is `f`: 0 when it is no word char. */
function foldAt(f: number, text: string, i: number): number {
  if (f !== NON_ASCII) return f;
  const c = text.charCodeAt(i);
  return isWordChar(c, text, i) ? c : 0;
}

/**
 * How many chars the stemmer strips from the word that ends at `end` and is `len` long: `unlocks`, `unlocked`
 * and `unlocking` all stop at `unlock`. Deliberately crude and cheap.
 */
function stemCut(codes: Uint8Array, end: number, len: number): number {
  // `| 32` lower-cases ASCII letters and maps nothing else onto them; NON_ASCII matches no suffix.
  const last = (codes[end - 1] as number) | 32;
  if (last === 103) return len > 5 && ((codes[end - 2] as number) | 32) === 110 && ((codes[end - 3] as number) | 32) === 105 ? 3 : 0; // -ing
  if (last === 100) return len > 4 && ((codes[end - 2] as number) | 32) === 101 ? 2 : 0; // -ed
  if (last === 115) return len > 3 && ((codes[end - 2] as number) | 32) !== 115 ? 1 : 0; // -s, not -ss
  return 0;
}

/**
 * Writes the hash of each word of `text[from, to)` (lower-cased, stemmed) into `out`, at most `limit` words
 * and never more than `out` holds, and returns how many it wrote. One pass over the text's `asciiCodes`: the
 * hash runs along the word, and the hashes of its last three prefixes are kept for whichever suffix the
 * stemmer strips (the same value as `hashRange` over the stem, which `wordHash` uses). Writing into a
 * caller's buffer instead of calling back per word keeps the loop free of closures.
 */
export function hashWords(text: string, out: Int32Array, limit = out.length, from = 0, to = text.length): number {
  const max = Math.min(limit, out.length);
  const codes = asciiCodes(text);
  let count = 0;
  let i = from;
  const n = to;
  while (i < n && count < max) {
    let f = foldAt(FOLD[codes[i] as number] as number, text, i);
    while (f === 0) {
      if (++i >= n) {
        stoppedAt = n;
        return count;
      }
      f = foldAt(FOLD[codes[i] as number] as number, text, i);
    }
    const start = i;
    let h = FNV_OFFSET;
    let h1 = 0;
    let h2 = 0;
    let h3 = 0;
    do {
      h3 = h2;
      h2 = h1;
      h1 = h;
      h = Math.imul(h ^ f, FNV_PRIME);
      if (++i >= n) break;
      f = foldAt(FOLD[codes[i] as number] as number, text, i);
    } while (f !== 0);
    const len = i - start;
    const cut = stemCut(codes, i, len);
    // A word longer than MAX_WORD is hashed again over its first MAX_WORD chars (rare: bounded work per word).
    const hash = len > MAX_WORD ? hashRange(text, start, Math.min(i - cut, start + MAX_WORD)) : cut === 0 ? h : cut === 1 ? h1 : cut === 2 ? h2 : h3;
    out[count++] = hash & MASK;
  }
  stoppedAt = i;
  return count;
}

const chunk = new Int32Array(256);

/** Word hashes of `text`, at most `limit`. Allocates the array: for cold paths and tests. */
export function wordHashes(text: string, limit = Number.POSITIVE_INFINITY): number[] {
  const out: number[] = [];
  let from = 0;
  while (out.length < limit) {
    const n = hashWords(text, chunk, Math.min(chunk.length, limit - out.length), from);
    for (let k = 0; k < n; k++) out.push(chunk[k] as number);
    if (n < chunk.length) break;
    from = stoppedAt;
  }
  return out;
}

/** The hash of one word as `hashWords` computes it. */
export function wordHash(word: string): number {
  return hashRange(word, 0, word.length - stemCut(asciiCodes(word), word.length, word.length));
}

/** Folds word hashes `[from, to)` into the key under which provenance stores a significant token. */
export function seqHash(hs: ArrayLike<number>, from = 0, to = hs.length): number {
  let h = SEQ_SEED;
  for (let i = to - 1; i >= from; i--) h = mix(h, hs[i] as number);
  return h;
}

const scratch = new Int32Array(64);

/**
 * The key of the value `text[from, to)` (at most 64 words): its word hashes with function words trimmed from
 * the edges, folded as `seqHash` folds them; -1 when nothing but function words is left.
 */
export function rangeKey(text: string, from: number, to: number): number {
  const n = hashWords(text, scratch, scratch.length, from, to);
  const a = firstKept(scratch, 0, n);
  const b = lastKept(scratch, a, n);
  return a === b ? -1 : seqHash(scratch, a, b);
}

// Function words: a value that starts or ends with one is a padded version of a shorter one, so lookups and
// token keys drop them at the edges ("the yard" and "yard" are the same value).
const STOP_HASHES: ReadonlySet<number> = new Set(
  'a an the to of in on at for by and or with from my your our his her their its me you it this that these those is are was be as'
    .split(' ')
    .map(wordHash),
);

/** True for a function word ("the", "to", "my"…). */
function isStop(hash: number): boolean {
  return STOP_HASHES.has(hash);
}

/** `[from, to)` of `hs` with function words trimmed from both edges; empty when nothing else is left. */
export function trimStops(hs: ArrayLike<number>): readonly [number, number] {
  const from = firstKept(hs, 0, hs.length);
  return [from, lastKept(hs, from, hs.length)];
}

/** The first index in `[from, to)` of `hs` that is not a function word, or `to`. */
export function firstKept(hs: ArrayLike<number>, from: number, to: number): number {
  while (from < to && isStop(hs[from] as number)) from++;
  return from;
}

/** One past the last index in `[from, to)` of `hs` that is not a function word, or `from`. */
export function lastKept(hs: ArrayLike<number>, from: number, to: number): number {
  while (to > from && isStop(hs[to - 1] as number)) to--;
  return to;
}
