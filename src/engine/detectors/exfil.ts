import { defineDetector, finding, SEVERITY_RANK, STATELESS } from '../../core/index.js';
import type { AnyDetector, Severity } from '../../core/index.js';
import { eachAnchoredMatch, stickyOf } from './anchored.js';
import { findPii } from './pii.js';
import { clip } from './redact.js';
import { eachMatch, eventTargets, FindingBag } from './scan-targets.js';
import type { ScanTarget } from './scan-targets.js';
import { findSecrets, looksRandom } from './secrets.js';

/** Options for the exfiltration detector. */
export interface ExfilOptions {
  /** Hosts content may load from or send to; `example.com` also allows `cdn.example.com`. */
  readonly allowedHosts: readonly string[];
}

// Bounded candidates first; `new URL` runs only on these (STYLE.md §5: no URL parsing of whole bodies).
const MD_IMAGE = /!\[[^\]\n]{0,256}\]\(\s*<?(https?:\/\/[^\s)>]{1,2048})/gi;
const MD_REF_IMAGE = /!\[[^\]\n]{0,256}\]\[([^\]\n]{1,64})\]/g;
const MD_REF_DEF = /^[ \t]{0,3}\[([^\]\n]{1,64})\]:[ \t]*<?(https?:\/\/[^\s>]{1,2048})/gm;
const HTML_IMG = /<img\b[^<>]{0,256}?\bsrc\s*=\s*["']?(https?:\/\/[^\s"'>]{1,2048})/gi;
const URL_CANDIDATE = /\bhttps?:\/\/[^\s"'<>`\\{}|^[\]]{1,2048}/gi;
const URL_AT = stickyOf(URL_CANDIDATE);
const TRAILING = /[.,;:!?)]+$/;
const HOST_PREFIX = /^\*?\./;
const TRAILING_DOT = /\.$/;
const BLOB = /^[A-Za-z0-9+/_-]{32,}={0,2}$/;
const HEX = /^[0-9a-fA-F]{32,}$/;
const HASH_LENGTHS = new Set([32, 40, 64]); // MD5, git SHA-1, SHA-256: ids in ordinary URLs
const PRINTABLE = /[\x20-\x7e\t\r\n]/g;
const MAX_PARAMS = 64;
const MAX_SEGMENTS = 32;
const MAX_VALUE = 4096;
const LONG_VALUE = 100;
const LONG_SEGMENT = 64;
const DATA_VALUE = 16;
const DATA_PII = new Set(['pii.card', 'pii.email', 'pii.iban', 'pii.ssn']);
// Too short and too plain to hold a credential, personal data, encoded text or a blob: every key format needs
// 16+ chars or punctuation, every kind of personal data needs `@`, a dash or 13+ digits.
const PLAIN = /^(?:[A-Za-z]{0,15}|\d{0,12})$/;

/** `http` or `https` in any ASCII case ending at `end`, as the URL pattern's `i` flag reads it. */
function endsWithHttp(text: string, end: number, s: boolean): boolean {
  const from = end - (s ? 5 : 4);
  if (from < 0) return false;
  return (text.charCodeAt(from) | 32) === 104 && (text.charCodeAt(from + 1) | 32) === 116 && (text.charCodeAt(from + 2) | 32) === 116 && (text.charCodeAt(from + 3) | 32) === 112 && (!s || (text.charCodeAt(from + 4) | 32) === 115);
}

/**
 * Where a URL candidate (`\bhttps?:\/\/…`) whose `://` is at `at` can start, at or after `from`: the `http` or
 * `https` right before it, or -1. `| 32` folds only letters onto the letters compared here.
 */
export function httpStart(text: string, at: number, from: number): number {
  const start = endsWithHttp(text, at, true) ? at - 5 : endsWithHttp(text, at, false) ? at - 4 : -1;
  return start >= from ? start : -1;
}

/** The URL candidate pattern, for tests that compare the anchored scan with a plain global one. */
export const URL_CANDIDATE_PATTERN = URL_CANDIDATE;

interface Signal {
  readonly severity: Severity;
  readonly what: string;
}

/** Text hidden in a hex or base64 value, when it decodes to mostly printable characters. */
function decodedText(v: string): string | undefined {
  if (v.length > MAX_VALUE) return undefined;
  let bytes: Buffer;
  if (HEX.test(v) && v.length % 2 === 0) bytes = Buffer.from(v, 'hex');
  else if (BLOB.test(v)) bytes = Buffer.from(v, 'base64'); // Node accepts the URL-safe alphabet too
  else return undefined;
  const text = bytes.toString('latin1');
  const printable = text.match(PRINTABLE)?.length ?? 0;
  return text.length >= 16 && printable / text.length >= 0.9 ? text : undefined;
}

/** What a URL part carries: a credential, personal data, encoded text, a random blob or a long value. */
function signalOf(name: string, value: string, inPath: boolean): Signal | undefined {
  if (value.length === 0 || PLAIN.test(value)) return undefined;
  const v = value.length > MAX_VALUE ? value.slice(0, MAX_VALUE) : value;
  const decoded = decodedText(v);
  for (const text of decoded === undefined ? [v] : [v, decoded]) {
    const secret = findSecrets(inPath ? text : `${name}=${text}`, 1)[0];
    if (secret !== undefined) return { severity: 'high', what: `${name} carries a credential (${secret.label})` };
    const pii = findPii(text, 8).find((h) => DATA_PII.has(h.kind));
    if (pii !== undefined) return { severity: 'high', what: `${name} carries personal data (${pii.label})` };
  }
  if (decoded !== undefined) return { severity: 'high', what: `${name} carries encoded text (${v.length} chars)` };
  const blob = (BLOB.test(v) || HEX.test(v)) && looksRandom(v);
  if (blob && !(inPath && (v.length < 64 || (HEX.test(v) && HASH_LENGTHS.has(v.length))))) {
    return { severity: 'medium', what: `${name} carries an encoded blob (${v.length} chars)` };
  }
  if (v.length >= LONG_VALUE) return { severity: 'medium', what: `${name} carries a long value (${v.length} chars)` };
  return undefined;
}

function safeDecode(s: string): string {
  try {
    return decodeURIComponent(s);
  } catch {
    return s;
  }
}

/** Signals from a URL's query values and path segments, strongest first. */
function urlSignals(url: URL): Signal[] {
  const out: Signal[] = [];
  let n = 0;
  for (const [key, value] of url.searchParams) {
    if (++n > MAX_PARAMS) break;
    const s = signalOf(`query ${clip(key, 32)}`, value, false);
    if (s !== undefined) out.push(s);
  }
  const segments = url.pathname.split('/', MAX_SEGMENTS);
  for (let i = 0; i < segments.length; i++) {
    const s = signalOf(`path segment ${i}`, safeDecode(segments[i] ?? ''), true);
    if (s !== undefined) out.push(s);
  }
  return out.sort((a, b) => SEVERITY_RANK[b.severity] - SEVERITY_RANK[a.severity]);
}

/**
 * True when a URL has nowhere to carry data: no query and only plain path segments (which `signalOf` skips),
 * so `urlSignals` would find nothing and the URL need not be parsed. Only letters or digits in a segment, so
 * the parser cannot decode or resolve it into anything else; the fragment is never read.
 */
function carriesNothing(raw: string): boolean {
  const hash = raw.indexOf('#');
  const main = hash === -1 ? raw : raw.slice(0, hash);
  if (main.includes('?')) return false;
  const slash = main.indexOf('/', main.indexOf('://') + 3);
  if (slash === -1) return true;
  for (const segment of main.slice(slash + 1).split('/')) if (!PLAIN.test(segment)) return false;
  return true;
}

function parse(raw: string): URL | undefined {
  try {
    return new URL(raw);
  } catch {
    return undefined;
  }
}

/**
 * Creates the exfiltration detector: Markdown and HTML images that load from hosts off the allowlist (data
 * leaks when the client renders them), and URLs in tool calls or model output that carry data out.
 */
export function createExfilDetector(opts: ExfilOptions): AnyDetector {
  const allowed = opts.allowedHosts.map((h) => h.trim().toLowerCase().replace(HOST_PREFIX, '').replace(TRAILING_DOT, '')).filter((h) => h !== '');
  // Suffix match on a dot boundary: `example.com` allows `cdn.example.com`, never `evilexample.com`.
  const isAllowed = (host: string): boolean => {
    const h = host.toLowerCase().replace(TRAILING_DOT, '');
    return allowed.some((a) => h === a || h.endsWith(`.${a}`));
  };

  const scanImages = (t: ScanTarget, bag: FindingBag, taken: Set<number>): void => {
    const image = (raw: string, start: number): boolean => {
      const url = parse(raw);
      if (url === undefined || isAllowed(url.hostname)) return true;
      const signals = urlSignals(url);
      // Data rides in query values or long path segments; a bare `?v=4` cache-buster is not data.
      const carries = signals.length > 0 || [...url.searchParams.values()].some((v) => v.length >= DATA_VALUE) || url.pathname.split('/', MAX_SEGMENTS).some((s) => s.length >= LONG_SEGMENT);
      taken.add(start);
      bag.add(finding({
        detector: 'exfil',
        kind: 'exfil.markdown-image',
        severity: carries ? 'critical' : 'high',
        message: carries ? 'image from an unlisted host carries data in its URL' : 'image loads from a host not on the allowlist',
        arg: t.arg,
        span: { start, end: start + raw.length },
        excerpt: clip([url.host, ...signals.map((s) => s.what)].join(': '), 160),
      }));
      return !bag.full;
    };
    // Each pattern opens with a literal: a text without it (most text) skips the pattern's scan.
    const markdown = t.text.includes('![');
    if (markdown) eachMatch(MD_IMAGE, t.text, (m) => image(m[1] ?? '', (m.index + m[0].length) - (m[1] ?? '').length));
    if (t.text.includes('<')) eachMatch(HTML_IMG, t.text, (m) => image(m[1] ?? '', (m.index + m[0].length) - (m[1] ?? '').length));
    const refs = new Set<string>();
    if (markdown) eachMatch(MD_REF_IMAGE, t.text, (m) => void refs.add((m[1] ?? '').toLowerCase()));
    if (refs.size > 0) {
      eachMatch(MD_REF_DEF, t.text, (m) => (refs.has((m[1] ?? '').toLowerCase()) ? image(m[2] ?? '', (m.index + m[0].length) - (m[2] ?? '').length) : true));
    }
  };

  const scanUrls = (t: ScanTarget, bag: FindingBag, taken: Set<number>): void => {
    eachAnchoredMatch(URL_AT, t.text, '://', httpStart, (m) => {
      if (taken.has(m.index)) return true;
      const raw = m[0].replace(TRAILING, '');
      const url = raw.length < 16 || carriesNothing(raw) ? undefined : parse(raw);
      if (url === undefined || isAllowed(url.hostname)) return true;
      const signals = urlSignals(url);
      const top = signals[0];
      if (top === undefined) return true;
      bag.add(finding({
        detector: 'exfil',
        kind: 'exfil.url-data',
        severity: top.severity,
        message: 'URL carries data to a host not on the allowlist',
        arg: t.arg,
        span: { start: m.index, end: m.index + raw.length },
        excerpt: clip([url.host, ...signals.map((s) => s.what)].join(': '), 160),
      }));
      return !bag.full;
    });
  };

  return defineDetector({
    id: 'exfil',
    kinds: ['model.output', 'tool.result', 'tool.call'],
    initState: STATELESS,
    inspect(event) {
      const bag = new FindingBag();
      for (const t of eventTargets(event)) {
        if (bag.full) break;
        const taken = new Set<number>();
        if (event.kind !== 'tool.call') scanImages(t, bag, taken);
        if (event.kind !== 'tool.result') scanUrls(t, bag, taken);
      }
      return bag.result();
    },
  });
}
