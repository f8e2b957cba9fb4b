import type { Redaction } from '../core/index.js';

/** Applies redactions (offsets into `text`) from the end backwards, so earlier offsets stay valid. */
export function redactText(text: string, redactions: readonly Redaction[]): string {
  let out = text;
  for (const r of [...redactions].sort((a, b) => b.start - a.start)) {
    if (r.start < 0 || r.end > out.length || r.start >= r.end) continue;
    out = out.slice(0, r.start) + r.replacement + out.slice(r.end);
  }
  return out;
}

/**
 * Applies redactions made on the text of several parts joined with `\n` (as `textOfParts` joins them) to the
 * parts themselves: a span that crosses parts is blanked in each.
 */
export function redactParts(parts: readonly string[], redactions: readonly Redaction[]): string[] {
  let offset = 0;
  return parts.map((p) => {
    const start = offset;
    offset += p.length + 1;
    const mine: Redaction[] = [];
    for (const r of redactions) {
      const s = Math.max(r.start, start);
      const e = Math.min(r.end, start + p.length);
      if (s < e) mine.push({ ...r, start: s - start, end: e - start, replacement: s === r.start ? r.replacement : '' });
    }
    return mine.length === 0 ? p : redactText(p, mine);
  });
}
