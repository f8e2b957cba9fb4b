import { asciiCodes } from '../ascii-codes.js';

/**
 * Runs alternation patterns only where they can start, found for several patterns in one pass over the text.
 *
 * A case-insensitive alternation like `\b(?:please|kindly)\s+…|\byou\s+…` makes the regex engine try every
 * alternative at every position (3–5 ns a character each here, 8.7 for the injection detector's three). But every alternative of such a pattern opens
 * with a known word at a word boundary, a known word ending (a form without `\b`), or a punctuation mark. One
 * pass over the text's `\w` runs (about 4 ns a character, one folded hash per run) names those positions for every pattern at once,
 * and the pattern (sticky) is tried only there. Matches come out in the same order and with the same extents
 * as the global scan's: `word-starts.test.ts` checks that against one.
 *
 * `\w` and `\b` here are the ASCII ones, as in a pattern without the `u` flag; such a pattern's `i` flag folds
 * only ASCII letters onto ASCII letters, so any-case words compare on ASCII case alone.
 */

/** Where the alternatives of one pattern can start. */
export interface StartSpec {
  /** Words (any ASCII case) that open an alternative as `\bword` followed by a non-word char. */
  readonly words?: readonly string[];
  /** The same, exact case (a pattern without the `i` flag). */
  readonly exactWords?: readonly string[];
  /** Word endings (any case) that open an alternative with no `\b` before them: `ignore\s+` in `X_Ignore all…`. */
  readonly endings?: readonly string[];
  /** Non-word ASCII characters that open an alternative (`<`, `[`, `#`). */
  readonly chars?: string;
}

/** Most patterns one scanner serves: one bit each in its tables. */
const MAX_PATTERNS = 8;
/** Runs longer than this cannot be one of the words; they are only checked for endings. */
const MAX_WORD = 24;
/** Slots of the word filters: a run whose hash lands on a set bit is a candidate (false hits only cost a try). */
const FILTER_BITS = 12;
const FILTER_MASK = (1 << FILTER_BITS) - 1;
const FNV_OFFSET = 0x811c9dc5;
const FNV_PRIME = 0x01000193;
const FIRST_CAPACITY = 256;

/** 1 for `[A-Za-z0-9_]`; index 128 stands for every non-ASCII char. */
const WORD = new Uint8Array(129);
for (let c = 0; c < 128; c++) WORD[c] = (c >= 48 && c <= 57) || (c >= 65 && c <= 90) || (c >= 97 && c <= 122) || c === 95 ? 1 : 0;

const LEADING_RUN = /^\w+/;

function lowerCode(c: number): number {
  return c >= 65 && c <= 90 ? c + 32 : c;
}

/**
 * What a run's folded hash takes of each char: `c | 32` for `[A-Za-z0-9_]` (letters to lower case, digits as
 * they are, `_` to 127, no word char's image another's), 0 for the rest, so one load both folds and ends a run.
 */
const HASHED = new Uint8Array(129);
for (let c = 0; c < 128; c++) HASHED[c] = WORD[c] === 1 ? c | 32 : 0;

/** The filter slot of a word's hash, folded as `scan` folds runs, or exact. */
function slotOf(word: string, fold: boolean): number {
  let h = FNV_OFFSET;
  for (let i = 0; i < word.length; i++) h = Math.imul(h ^ (fold ? (HASHED[word.charCodeAt(i)] as number) : word.charCodeAt(i)), FNV_PRIME);
  return (h >>> 0) & FILTER_MASK;
}

/** The exact-case filter slot of the run `codes[start, end)`. */
function exactSlot(codes: Uint8Array, start: number, end: number): number {
  let h = FNV_OFFSET;
  for (let i = start; i < end; i++) h = Math.imul(h ^ (codes[i] as number), FNV_PRIME);
  return (h >>> 0) & FILTER_MASK;
}

/** The tail filter's slot for a run's last three chars (folded). */
function tailSlot(a: number, b: number, c: number): number {
  return (Math.imul((a << 16) ^ (b << 8) ^ c, 0x9e3779b1) >>> (32 - FILTER_BITS)) & FILTER_MASK;
}

/** The first `\w` run of a word: what the scan sees of `e-mail` is the run `e`. */
function leadingRun(word: string): string {
  const run = LEADING_RUN.exec(word)?.[0];
  if (run === undefined) throw new Error(`start word ${JSON.stringify(word)} does not open with a word character`);
  return run;
}

/**
 * Candidate start positions for up to eight patterns, filled by one `scan` of a text. The position lists are
 * shared buffers overwritten by the next scan (detectors are synchronous): read them before scanning again.
 */
export class WordStarts {
  readonly #count: number;
  readonly #anyCase = new Uint8Array(1 << FILTER_BITS);
  readonly #exactCase = new Uint8Array(1 << FILTER_BITS);
  /** Set where an exact word's folded hash lands: only runs that hit it are hashed exactly. */
  readonly #exactFolded = new Uint8Array(1 << FILTER_BITS);
  readonly #chars = new Uint8Array(129);
  /** Endings as lower-case char codes, with the bit of their pattern. */
  readonly #endings: { readonly codes: readonly number[]; readonly bit: number }[] = [];
  readonly #minEnding: number;
  /** Bit per (last three chars, folded) of any ending: most runs are ruled out without comparing endings. */
  readonly #tails = new Uint8Array(1 << FILTER_BITS);
  readonly #starts: Int32Array[] = [];
  readonly #lengths: number[] = [];

  constructor(specs: readonly StartSpec[]) {
    if (specs.length > MAX_PATTERNS) throw new Error(`at most ${MAX_PATTERNS} patterns`);
    this.#count = specs.length;
    let minEnding = Number.POSITIVE_INFINITY;
    specs.forEach((spec, k) => {
      const bit = 1 << k;
      for (const w of spec.words ?? []) {
        const slot = slotOf(leadingRun(w), true);
        this.#anyCase[slot] = (this.#anyCase[slot] as number) | bit;
      }
      for (const w of spec.exactWords ?? []) {
        const slot = slotOf(leadingRun(w), false);
        this.#exactCase[slot] = (this.#exactCase[slot] as number) | bit;
        this.#exactFolded[slotOf(leadingRun(w), true)] = 1;
      }
      for (const e of spec.endings ?? []) {
        if (!/^[A-Za-z]{3,}$/.test(e)) throw new Error(`ending ${JSON.stringify(e)} must be three or more letters`);
        const codes = [...e.toLowerCase()].map((ch) => ch.charCodeAt(0));
        this.#endings.push({ codes, bit });
        this.#tails[tailSlot(codes[codes.length - 3] as number, codes[codes.length - 2] as number, codes[codes.length - 1] as number)] = 1;
        minEnding = Math.min(minEnding, e.length);
      }
      for (const ch of spec.chars ?? '') {
        const c = ch.charCodeAt(0);
        if (c >= 128 || WORD[c] === 1) throw new Error(`start char ${JSON.stringify(ch)} must be ASCII and not a word character`);
        this.#chars[c] = (this.#chars[c] as number) | bit;
      }
      this.#starts.push(new Int32Array(FIRST_CAPACITY));
      this.#lengths.push(0);
    });
    this.#minEnding = minEnding;
    this.#endings.sort((a, b) => b.codes.length - a.codes.length);
  }

  /** Finds the candidate starts of every pattern in `text`. */
  scan(text: string): void {
    this.#lengths.fill(0);
    const codes = asciiCodes(text);
    const n = text.length;
    const chars = this.#chars;
    const anyCase = this.#anyCase;
    const exactFolded = this.#exactFolded;
    const hasEndings = this.#endings.length > 0;
    const minEnding = this.#minEnding;
    const tails = this.#tails;
    let i = 0;
    while (i < n) {
      const c = codes[i] as number;
      const f = HASHED[c] as number;
      if (f === 0) {
        if (chars[c] !== 0) this.#push(chars[c] as number, i);
        i++;
        continue;
      }
      // One `\w` run, hashed folded while walking it; the exact hash only when an exact word may be it.
      const start = i;
      let folded = Math.imul(FNV_OFFSET ^ f, FNV_PRIME);
      while (++i < n) {
        const g = HASHED[codes[i] as number] as number;
        if (g === 0) break;
        folded = Math.imul(folded ^ g, FNV_PRIME);
      }
      const len = i - start;
      if (len <= MAX_WORD) {
        const slot = (folded >>> 0) & FILTER_MASK;
        let bits = anyCase[slot] as number;
        if (exactFolded[slot] !== 0) bits |= this.#exactCase[exactSlot(codes, start, i)] as number;
        if (bits !== 0) this.#push(bits, start);
      }
      if (hasEndings && len >= minEnding && tails[tailSlot(lowerCode(codes[i - 3] as number), lowerCode(codes[i - 2] as number), lowerCode(codes[i - 1] as number))] === 1) {
        this.#endingsOf(codes, start, i);
      }
    }
  }

  /** The candidate starts of pattern `k` from the last scan, in increasing order. */
  starts(k: number): Int32Array {
    return (this.#starts[k] as Int32Array).subarray(0, this.#lengths[k]);
  }

  /**
   * Calls `fn` for each match of `sticky` (pattern `k` with the `y` flag) in `text`, as a global scan would
   * find them: tried at each candidate start from the last `scan` of the same text, skipping those inside
   * the previous match. Stops when `fn` returns false.
   */
  eachMatch(k: number, sticky: RegExp, text: string, fn: (m: RegExpExecArray) => boolean | void): void {
    const starts = this.#starts[k] as Int32Array;
    const count = this.#lengths[k] as number;
    let from = 0;
    for (let j = 0; j < count; j++) {
      const at = starts[j] as number;
      if (at < from) continue;
      sticky.lastIndex = at;
      const m = sticky.exec(text);
      if (m === null) continue;
      from = m.index + Math.max(1, m[0].length);
      if (fn(m) === false) break;
    }
    sticky.lastIndex = 0;
  }

  /** Endings are kept longest first, so the starts one run yields come in increasing order. */
  #endingsOf(codes: Uint8Array, start: number, end: number): void {
    for (const e of this.#endings) {
      const at = end - e.codes.length;
      if (at < start) continue;
      let k = e.codes.length - 1;
      while (k >= 0 && lowerCode(codes[at + k] as number) === e.codes[k]) k--;
      if (k < 0) this.#push(e.bit, at);
    }
  }

  #push(bits: number, at: number): void {
    for (let k = 0; k < this.#count; k++) {
      if ((bits & (1 << k)) === 0) continue;
      let list = this.#starts[k] as Int32Array;
      const len = this.#lengths[k] as number;
      if (len > 0 && (list[len - 1] as number) === at) continue; // a run start that is also an ending
      if (len === list.length) {
        const grown = new Int32Array(list.length * 2);
        grown.set(list);
        this.#starts[k] = list = grown;
      }
      list[len] = at;
      this.#lengths[k] = len + 1;
    }
  }
}
