import { defineDetector, finding, STATELESS } from '../../core/index.js';
import type { Severity } from '../../core/index.js';
import { isAscii } from '../ascii-codes.js';
import { clip } from './redact.js';
import { eachMatch, eventTargets, FindingBag } from './scan-targets.js';
import type { ScanTarget } from './scan-targets.js';

// Tag characters U+E0000–U+E007F are astral: in UTF-16 they are the surrogate pair \uDB40 \uDC00–\uDC7F.
// They render as nothing, yet models read them as ASCII: the "ASCII smuggling" channel.
const TAG_RUN = /(?:\uDB40[\uDC00-\uDC7F])+/g;
// Bidi embeddings, overrides and isolates reorder what a reviewer sees (Trojan Source, CVE-2021-42574).
const BIDI_RUN = /[\u202A-\u202E\u2066-\u2069]+/g;
const ZERO_WIDTH_RUN = /[\u200B-\u200D\u2060\uFEFF]+/g;
const JOINERS_ONLY = /^[\u200C\u200D]+$/;
const INVISIBLE = /[\u200B-\u200D\u2060\uFEFF\u202A-\u202E\u2066-\u2069]|\uDB40[\uDC00-\uDC7F]/g;
const FLAG_TAGS = /^[a-z0-9]{2,6}$/;
// U+1F3F4 WAVING BLACK FLAG: subdivision flags (England, Scotland, Wales) are it plus tags plus CANCEL TAG.
const FLAG_BASE = '\uD83C\uDFF4';
const CANCEL_TAG = '\uDB40\uDC7F';
const CONTEXT = 16;
// A few scattered zero-width characters are typos or copy-paste; many encode data (zero-width steganography).
const MANY_ZERO_WIDTH = 4;

/** Decodes the ASCII that a run of Unicode tag characters smuggles; non-printable tags are dropped. */
export function decodeTagChars(run: string, max = Number.POSITIVE_INFINITY): string {
  let out = '';
  for (let i = 0; i + 1 < run.length && out.length < max; i += 2) {
    const ascii = run.charCodeAt(i + 1) - 0xdc00;
    if (run.charCodeAt(i) === 0xdb40 && ascii >= 0x20 && ascii <= 0x7e) out += String.fromCharCode(ascii);
  }
  return out;
}

/** Shows invisible characters as `<U+XXXX>` so an excerpt says what was hidden. */
function reveal(text: string): string {
  return text.replace(INVISIBLE, (c) => `<U+${(c.codePointAt(0) ?? 0).toString(16).toUpperCase()}>`);
}

function context(text: string, start: number, end: number): string {
  // Cut before revealing: a run can be a megabyte long, and each character grows to `<U+XXXX>`.
  const cut = Math.min(end, start + CONTEXT);
  const shown = reveal(text.slice(Math.max(0, start - CONTEXT), cut + CONTEXT));
  return clip(cut < end ? `${shown}…` : shown, 160);
}

function isNonAscii(text: string, i: number): boolean {
  return i >= 0 && i < text.length && text.charCodeAt(i) > 0x7f;
}

function where(t: ScanTarget): string {
  return t.field === undefined ? '' : ` in ${t.field}`;
}

function scanText(t: ScanTarget, bag: FindingBag): void {
  const { text } = t;
  // Every character this detector looks for is outside ASCII, and most text is ASCII only.
  if (isAscii(text)) return;
  const add = (kind: string, severity: Severity, message: string, start: number, end: number, excerpt: string): void =>
    bag.add(finding({ detector: 'hidden-unicode', kind, severity, message: message + where(t), arg: t.arg, span: { start, end }, excerpt }));

  eachMatch(TAG_RUN, text, (m) => {
    const end = m.index + m[0].length;
    const decoded = decodeTagChars(m[0], 256);
    // An emoji subdivision flag is legitimate tag-character use, not smuggling.
    if (m.index >= 2 && text.startsWith(FLAG_BASE, m.index - 2) && m[0].endsWith(CANCEL_TAG) && FLAG_TAGS.test(decoded)) return true;
    const shown = `hidden text: ${JSON.stringify(clip(decoded))}`;
    add('unicode.tag-chars', 'high', 'invisible Unicode tag characters', m.index, end, shown);
    if (decoded.trim() !== '') add('injection.hidden-unicode', 'high', 'text hidden from the user in Unicode tag characters', m.index, end, shown);
    return !bag.full;
  });

  eachMatch(BIDI_RUN, text, (m) => {
    add('unicode.bidi', 'medium', 'bidirectional control characters that reorder displayed text', m.index, m.index + m[0].length, context(text, m.index, m.index + m[0].length));
    return !bag.full;
  });

  // Collect first: severity depends on how many zero-width characters the whole text holds.
  const runs: { start: number; end: number }[] = [];
  let total = 0;
  eachMatch(ZERO_WIDTH_RUN, text, (m) => {
    let start = m.index;
    if (start === 0 && text.charCodeAt(0) === 0xfeff) start = 1; // a leading byte-order mark is encoding, not content
    const end = m.index + m[0].length;
    if (start === end) return true;
    // ZWJ and ZWNJ next to non-ASCII are how emoji sequences and Indic or Arabic scripts are written.
    if (JOINERS_ONLY.test(m[0]) && (isNonAscii(text, start - 1) || isNonAscii(text, end))) return true;
    total += end - start;
    if (runs.length < 64) runs.push({ start, end });
    return true;
  });
  const severity: Severity = total >= MANY_ZERO_WIDTH ? 'medium' : 'low';
  const message = total >= MANY_ZERO_WIDTH ? `${total} zero-width characters` : 'zero-width character';
  for (const r of runs) {
    if (bag.full) break;
    add('unicode.zero-width', severity, message, r.start, r.end, context(text, r.start, r.end));
  }
}

/**
 * Detects invisible Unicode: tag characters (decoding the ASCII they smuggle), bidi controls and zero-width
 * characters, in content, tool-call arguments and tool descriptions.
 */
export const hiddenUnicodeDetector = defineDetector({
  id: 'hidden-unicode',
  kinds: ['tool.result', 'prompt', 'model.output', 'tools.list', 'tool.call'],
  initState: STATELESS,
  inspect(event) {
    const bag = new FindingBag();
    for (const target of eventTargets(event)) {
      if (bag.full) break;
      scanText(target, bag);
    }
    return bag.result();
  },
});
