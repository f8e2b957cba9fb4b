/**
 * Word-level normalization shared by every provenance path, so that a value seen in a prompt, in an injected
 * instruction and in a tool argument hashes the same way whatever its punctuation, case or line wrapping.
 */

/** Letters and digits; everything else separates words (so `amy.watson@gmail.com` is 4 words). */
const WORD_RE = /[\p{L}\p{N}]+/gu;

/** Words at most this long are hashed whole; longer ones are truncated (bounded work per word). */
const MAX_WORD = 48;

/** Light stemming so `unlocks`/`unlocked`/`unlocking` meet `unlock`. Deliberately crude and cheap. */
export function stem(word: string): string {
  const w = word.length > MAX_WORD ? word.slice(0, MAX_WORD) : word;
  const n = w.length;
  if (n > 5 && w.endsWith('ing')) return w.slice(0, -3);
  if (n > 4 && w.endsWith('ed')) return w.slice(0, -2);
  if (n > 3 && w.endsWith('s') && !w.endsWith('ss')) return w.slice(0, -1);
  return w;
}

/** Lower-cased, stemmed words of `text`, at most `limit` of them. */
export function words(text: string, limit = Number.POSITIVE_INFINITY): string[] {
  const out: string[] = [];
  WORD_RE.lastIndex = 0;
  for (let m = WORD_RE.exec(text); m !== null && out.length < limit; m = WORD_RE.exec(text)) {
    out.push(stem(m[0].toLowerCase()));
  }
  return out;
}

/** 32-bit FNV-1a of one word, folded into a running sequence hash. */
export function hashWord(word: string, seed = 0x811c9dc5): number {
  let h = seed ^ 0x9e3779b9; // separate words so ["ab","c"] and ["a","bc"] differ
  for (let i = 0; i < word.length; i++) {
    h ^= word.charCodeAt(i);
    h = Math.imul(h, 0x01000193);
  }
  return h >>> 0;
}

/** Hash of a whole word sequence: the key under which provenance stores a value. */
export function hashWords(ws: readonly string[], from = 0, to = ws.length): number {
  let h = 0x811c9dc5;
  for (let i = from; i < to; i++) h = hashWord(ws[i] as string, h);
  return h;
}
