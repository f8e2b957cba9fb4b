import { asciiCodes } from '../ascii-codes.js';
import { MAX_MATCHES } from './scan-targets.js';

/**
 * Runs a pattern only where it can match: at the few places a required literal (`@`, `://`) occurs, rather
 * than trying it at every position of the text. A pattern that opens with a character class (an email's local
 * part, a URL's scheme) makes a global scan cost O(text × run length); this costs O(text) for the literal
 * search plus one anchored attempt per occurrence.
 *
 * `startOf(text, at, from)` names the only position, at or after `from`, where a match that contains the
 * literal at `at` can start, or -1; `sticky` (the pattern with the `y` flag) is tried there. Matches come in
 * the same order and with the same extents as the global scan's: `anchored.test.ts` checks it against one.
 */
export function eachAnchoredMatch(
  sticky: RegExp,
  text: string,
  literal: string,
  startOf: (text: string, at: number, from: number) => number,
  fn: (m: RegExpExecArray) => boolean | void,
): void {
  let from = 0;
  let seen = 0;
  for (let at = text.indexOf(literal); at !== -1; at = text.indexOf(literal, at + 1)) {
    if (at < from) continue;
    const start = startOf(text, at, from);
    if (start === -1) continue;
    sticky.lastIndex = start;
    const m = sticky.exec(text);
    if (m === null) continue;
    from = m.index + Math.max(1, m[0].length);
    if (fn(m) === false || ++seen >= MAX_MATCHES) break;
  }
  sticky.lastIndex = 0;
}

/** The same pattern with the sticky flag instead of the global one. */
export function stickyOf(re: RegExp): RegExp {
  return new RegExp(re.source, `${re.flags.replace('g', '')}y`);
}

/** A table of the ASCII chars in `chars`: what a pattern's match can open with. Index 128 (non-ASCII) is 0. */
export function openers(chars: string): Uint8Array {
  const t = new Uint8Array(129);
  for (const ch of chars) {
    const c = ch.charCodeAt(0);
    if (c >= 128) throw new Error(`opener ${JSON.stringify(ch)} must be ASCII`);
    t[c] = 1;
  }
  return t;
}

/**
 * The first match of `sticky` that starts in `[from, limit)`, or null: what a global scan from `from` finds
 * when that match starts before `limit`. A global scan that finds nothing near reads on to the end of the
 * text; this reads at most `limit - from` chars, trying the pattern only at chars in `opens`, the ASCII chars
 * every match opens with. It reads the text's shared codes (`asciiCodes`, already encoded when the caller
 * scanned the same text) rather than `charCodeAt`: the injection detector searches up to 400 chars for the end
 * of every request it finds, and reading codes made it 0.87-0.88x as costly on the engine benchmark's tool
 * results (CPU time, min of 11, alternated with the `charCodeAt` build), together with `collapseSpacesIn`.
 */
export function firstMatchBefore(sticky: RegExp, opens: Uint8Array, text: string, from: number, limit: number): RegExpExecArray | null {
  const end = Math.min(limit, text.length);
  const codes = asciiCodes(text);
  for (let i = from; i < end; i++) {
    if (opens[codes[i] as number] === 0) continue;
    sticky.lastIndex = i;
    const m = sticky.exec(text);
    if (m !== null) {
      sticky.lastIndex = 0;
      return m;
    }
  }
  sticky.lastIndex = 0;
  return null;
}
