import { defineDetector, STATELESS } from '../../core/index.js';
import type { Severity } from '../../core/index.js';
import { eachAnchoredMatch, stickyOf } from './anchored.js';
import { mask, maskTail } from './redact.js';
import { eachMatch, eventTargets, FindingBag, hitFinding, MAX_FINDINGS, type TextHit } from './scan-targets.js';

/** Personal data found in one piece of text: where it is and a masked excerpt. */
export type PiiHit = TextHit;

const NO_HITS: readonly PiiHit[] = Object.freeze([]);

/** IBAN length per country (ISO 13616 registry); a country not listed has no IBAN. */
const IBAN_LENGTH: Readonly<Record<string, number>> = {
  AD: 24, AE: 23, AL: 28, AT: 20, AZ: 28, BA: 20, BE: 16, BG: 22, BH: 22, BI: 27, BR: 29, BY: 28, CH: 21, CR: 22,
  CY: 28, CZ: 24, DE: 22, DJ: 27, DK: 18, DO: 28, EE: 20, EG: 29, ES: 24, FI: 18, FK: 18, FO: 18, FR: 27, GB: 22,
  GE: 22, GI: 23, GL: 18, GR: 27, GT: 28, HN: 28, HR: 21, HU: 28, IE: 22, IL: 23, IQ: 23, IS: 26, IT: 27, JO: 30,
  KW: 30, KZ: 20, LB: 28, LC: 32, LI: 21, LT: 20, LU: 20, LV: 21, LY: 25, MC: 27, MD: 24, ME: 22, MK: 19, MN: 20,
  MR: 27, MT: 31, MU: 30, NI: 28, NL: 18, NO: 15, OM: 23, PK: 24, PL: 28, PS: 29, PT: 25, QA: 29, RO: 24, RS: 22,
  RU: 33, SA: 24, SC: 31, SD: 18, SE: 24, SI: 19, SK: 24, SM: 27, SO: 23, ST: 25, SV: 28, TL: 23, TN: 24, TR: 26,
  UA: 29, VA: 22, VG: 24, XK: 20, YE: 30,
};

// Separators may be spaces or dashes, used consistently; lookarounds keep decimals and ids out.
const CARD = /(?<![\w.,-])\d(?:[ -]?\d){12,18}(?![\w-]|[.,]\d)/g;
const NON_DIGIT = /\D/g;
const IBAN = /\b[A-Z]{2}\d{2}(?: ?[A-Z0-9]){11,30}\b/g;
const SPACES = / /g;
const IBAN_SHAPE = /^[A-Z]{2}\d{2}[A-Z0-9]+$/;
const SSN = /(?<![\d-])(\d{3})-(\d{2})-(\d{4})(?![\d-])/g;
// No match after `/` or `:` (URL user-info, `git@host:` remotes) and none before a path (`git@github.com:o/r`).
const EMAIL = /(?<![\w.%+\-/:])[A-Za-z0-9][A-Za-z0-9._%+-]{0,63}@((?:[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?\.){1,8}([A-Za-z]{2,24}))(?![\w-]|:[\w/~])/g;
const EMAIL_AT = stickyOf(EMAIL);
const MAX_LOCAL = 64;

/** A char of an email's local part: `[A-Za-z0-9._%+-]`. */
function isLocalChar(c: number): boolean {
  return (c >= 48 && c <= 57) || (c >= 65 && c <= 90) || (c >= 97 && c <= 122) || c === 46 || c === 95 || c === 37 || c === 43 || c === 45;
}

/**
 * Where an email holding the `@` at `at` can start: the first char of the run of local-part chars before it.
 * Any later start has a local-part char before it, which the pattern's look-behind rejects.
 */
export function emailStart(text: string, at: number, from: number): number {
  let s = at;
  while (s > 0 && isLocalChar(text.charCodeAt(s - 1))) if (at - --s > MAX_LOCAL) return -1;
  return s >= from ? s : -1;
}
const FILE_TLDS = new Set(['png', 'jpg', 'jpeg', 'gif', 'svg', 'webp', 'ico', 'js', 'mjs', 'ts', 'css', 'map', 'json', 'txt', 'md']);
const PHONE_INTL = /(?<![\w+])\+[1-9][\d ().-]{6,22}\d(?![\w])/g;
const PHONE_INTL_AT = stickyOf(PHONE_INTL);
/** An international number opens with its `+`: where the literal is, the match starts. */
export const atPlus = (_text: string, at: number, from: number): number => (at >= from ? at : -1);
const PHONE_NANP = /(?<![\w+(.-])(?:\([2-9]\d{2}\)[ ]?|[2-9]\d{2}[-.])[2-9]\d{2}[-.]\d{4}(?![\w-]|\.\d)/g;
const MAESTRO_PREFIXES = new Set([5018, 5020, 5038, 5893, 6304, 6759, 6761, 6762, 6763]);
const DOUBLE_SEPARATOR = /[ .-]{2}|[.-][ ]|[ ][.-]/;

/** The Luhn (mod 10) check used by payment card numbers. Expects digits only. */
export function luhnValid(digits: string): boolean {
  let sum = 0;
  let double = false;
  for (let i = digits.length - 1; i >= 0; i--) {
    let d = digits.charCodeAt(i) - 48;
    if (d < 0 || d > 9) return false;
    if (double && (d *= 2) > 9) d -= 9;
    sum += d;
    double = !double;
  }
  return digits.length > 0 && sum % 10 === 0;
}

/** True when digits carry a known card network prefix (IIN) with a length that network issues. */
export function cardPrefixValid(digits: string): boolean {
  const n = digits.length;
  const p2 = Number(digits.slice(0, 2));
  const p3 = Number(digits.slice(0, 3));
  const p4 = Number(digits.slice(0, 4));
  const p6 = Number(digits.slice(0, 6));
  if (digits.startsWith('4')) return n === 13 || n === 16 || n === 19; // Visa
  if ((p2 >= 51 && p2 <= 55) || (p4 >= 2221 && p4 <= 2720)) return n === 16; // Mastercard
  if (p4 >= 2200 && p4 <= 2204) return n === 16; // Mir
  if (p2 === 34 || p2 === 37) return n === 15; // American Express
  if (p4 === 6011 || p2 === 65 || (p3 >= 644 && p3 <= 649) || (p6 >= 622126 && p6 <= 622925)) return n >= 16; // Discover
  if (p4 >= 3528 && p4 <= 3589) return n >= 16; // JCB
  if ((p3 >= 300 && p3 <= 305) || p2 === 36 || p2 === 38 || p2 === 39) return n >= 14; // Diners Club
  if (p2 === 62) return n >= 16; // UnionPay
  if (MAESTRO_PREFIXES.has(p4)) return n >= 13; // Maestro
  return false;
}

/** A payment card number: 13–19 digits, a known network prefix and a valid Luhn check digit. */
export function cardNumberValid(digits: string): boolean {
  return digits.length >= 13 && digits.length <= 19 && cardPrefixValid(digits) && luhnValid(digits);
}

/** ISO 13616 IBAN check: known country, that country's length, and mod-97 of the rearranged number is 1. */
export function ibanValid(iban: string): boolean {
  const s = iban.replace(SPACES, '').toUpperCase();
  if (!IBAN_SHAPE.test(s) || IBAN_LENGTH[s.slice(0, 2)] !== s.length) return false;
  const rearranged = s.slice(4) + s.slice(0, 4);
  let rem = 0;
  for (let i = 0; i < rearranged.length; i++) {
    const c = rearranged.charCodeAt(i);
    // Letters count as two digits (A = 10 … Z = 35); fold digit by digit to stay within safe integers.
    rem = c >= 65 ? (rem * 100 + (c - 55)) % 97 : (rem * 10 + (c - 48)) % 97;
  }
  return rem === 1;
}

/** True for a US SSN outside the ranges the SSA never issues (and its two published example numbers). */
export function ssnValid(area: string, group: string, serial: string): boolean {
  if (area === '000' || area === '666' || area.startsWith('9') || group === '00' || serial === '0000') return false;
  const whole = `${area}-${group}-${serial}`;
  return whole !== '078-05-1120' && whole !== '123-45-6789';
}

/** True when a card candidate uses both a space and a dash between its digits: numbers side by side, not a card. */
function mixesSeparators(candidate: string): boolean {
  return candidate.includes(' ') && candidate.includes('-');
}

/** Offset in `text` just past the `count`-th non-space character from `from`. */
function endAfter(text: string, from: number, count: number): number {
  let i = from;
  for (let seen = 0; seen < count && i < text.length; i++) if (text[i] !== ' ') seen++;
  return i;
}

/** The email and international phone patterns, for tests that compare the anchored scans with plain global ones. */
export const EMAIL_PATTERN = EMAIL;
export const PHONE_INTL_PATTERN = PHONE_INTL;

// The scan in progress: `findPii` is synchronous and never re-entered, so its match callbacks are module
// functions reading this state rather than closures allocated on every call.
let hits: PiiHit[] | undefined;
let hitLimit = MAX_FINDINGS;
let scanned = '';
// The hits of earlier patterns: a new hit must not overlap one. Hits of the pattern being run never overlap
// each other (each scan resumes after its last match), so they need no check; with many emails in a text,
// checking them all would cost a comparison per pair.
let prior = 0;

function addHit(kind: string, severity: Severity, label: string, start: number, end: number, excerpt: string): boolean {
  if (hits === undefined) hits = [];
  else if (hits.length >= hitLimit) return false;
  for (let i = 0; i < prior; i++) {
    const h = hits[i] as PiiHit;
    if (start < h.end && end > h.start) return true;
  }
  hits.push({ kind, severity, label, start, end, excerpt });
  return true;
}

function nextPattern(): void {
  prior = hits?.length ?? 0;
}

function onCard(m: RegExpExecArray): boolean {
  if (mixesSeparators(m[0])) return true;
  const digits = m[0].replace(NON_DIGIT, '');
  if (!cardNumberValid(digits)) return true;
  return addHit('pii.card', 'high', 'payment card number', m.index, m.index + m[0].length, maskTail(digits));
}

function onIban(m: RegExpExecArray): boolean {
  // The greedy match may run into the next word; cut it at the country's length, on a group boundary.
  const text = scanned;
  const want = IBAN_LENGTH[m[0].slice(0, 2)];
  if (want === undefined) return true;
  const end = endAfter(text, m.index, want);
  const next = text[end];
  if (end > m.index + m[0].length || (end < m.index + m[0].length && next !== ' ')) return true;
  const candidate = text.slice(m.index, end);
  if (!ibanValid(candidate)) return true;
  return addHit('pii.iban', 'medium', 'IBAN', m.index, end, mask(candidate.replace(SPACES, '')));
}

function onSsn(m: RegExpExecArray): boolean {
  if (!ssnValid(m[1] ?? '', m[2] ?? '', m[3] ?? '')) return true;
  return addHit('pii.ssn', 'high', 'US social security number', m.index, m.index + m[0].length, `***-**-${m[3] ?? ''}`);
}

function onEmail(m: RegExpExecArray): boolean {
  if (FILE_TLDS.has((m[2] ?? '').toLowerCase())) return true; // `logo@2x.png`
  return addHit('pii.email', 'info', 'email address', m.index, m.index + m[0].length, `${m[0].charAt(0)}…@${m[1] ?? ''}`);
}

function onPhone(m: RegExpExecArray): boolean {
  const digits = m[0].replace(NON_DIGIT, '');
  if (digits.length < 8 || digits.length > 15 || DOUBLE_SEPARATOR.test(m[0])) return true;
  return addHit('pii.phone', 'low', 'phone number', m.index, m.index + m[0].length, maskTail(m[0]));
}

/** Finds validated personal data in text: cards, IBANs, SSNs, then emails and phone numbers. Never throws. */
export function findPii(text: string, limit: number = MAX_FINDINGS): readonly PiiHit[] {
  hits = undefined;
  hitLimit = limit;
  scanned = text;
  prior = 0;
  eachMatch(CARD, text, onCard);
  nextPattern();
  eachMatch(IBAN, text, onIban);
  nextPattern();
  eachMatch(SSN, text, onSsn);
  nextPattern();
  eachAnchoredMatch(EMAIL_AT, text, '@', emailStart, onEmail);
  nextPattern();
  eachAnchoredMatch(PHONE_INTL_AT, text, '+', atPlus, onPhone);
  nextPattern();
  eachMatch(PHONE_NANP, text, onPhone);
  const found: readonly PiiHit[] = hits ?? NO_HITS;
  hits = undefined;
  scanned = '';
  return found;
}

/** Detects validated personal data in prompts, model output, tool results and tool-call arguments. */
export const piiDetector = defineDetector({
  id: 'pii',
  kinds: ['tool.result', 'tool.call', 'prompt', 'model.output'],
  initState: STATELESS,
  inspect(event) {
    const bag = new FindingBag();
    for (const target of eventTargets(event)) {
      if (bag.full) break;
      for (const h of findPii(target.text)) {
        bag.add(hitFinding('pii', target, h));
      }
    }
    return bag.result();
  },
});
