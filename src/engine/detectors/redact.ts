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
