import { asciiCodes } from '../ascii-codes.js';

/**
 * Masks a sensitive value for logs: a short prefix, an ellipsis and the length, never the value itself.
 * Short values show fewer characters (a quarter of the length at most), so an 8-character password shows 2.
 */
export function mask(value: string): string {
  const shown = Math.min(4, Math.floor(value.length / 4));
  return `${value.slice(0, shown)}… (${value.length} chars)`;
}

/** Masks all but the last four characters, the usual form for card and account numbers. */
export function maskTail(value: string): string {
  const tail = value.length >= 12 ? value.slice(-4) : '';
  return `…${tail} (${value.length} chars)`;
}

/** Shortens harmless text for an excerpt, marking the cut. */
export function clip(text: string, max = 80): string {
  return text.length > max ? `${text.slice(0, max)}…` : text;
}

// What replacing every `\s+` with one space changes: runs of two or more, and single whitespace chars other
// than a space. Replacing only these gives the same text without rewriting each single space (prose has one
// every few chars).
const COLLAPSIBLE = /\s{2,}|[^\S ]/g;

/** The text with each run of whitespace (any kind, line breaks too) made one space: `s.replace(/\s+/g, ' ')`. */
export function collapseSpaces(s: string): string {
  return s.replace(COLLAPSIBLE, ' ');
}

/** Whitespace as `\s` sees it among ASCII codes; 128 (any non-ASCII char) counts, as it may be a Unicode space. */
const SPACE = new Uint8Array(129);
for (const c of [9, 10, 11, 12, 13, 32, 128]) SPACE[c] = 1;

/**
 * `collapseSpaces(text.slice(start, end))`, without running the regex over a range that holds nothing it
 * would change: no whitespace but single spaces (most excerpts). Reads the text's shared codes, already
 * encoded when the caller scanned the same text.
 */
export function collapseSpacesIn(text: string, start: number, end: number): string {
  const piece = text.slice(start, end);
  const codes = asciiCodes(text);
  for (let i = start; i < end; i++) {
    const c = codes[i] as number;
    if (c === 32 ? i + 1 < end && SPACE[codes[i + 1] as number] === 1 : SPACE[c] === 1) return collapseSpaces(piece);
  }
  return piece;
}
