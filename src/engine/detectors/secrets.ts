import { defineDetector, finding, STATELESS } from '../../core/index.js';
import type { Severity } from '../../core/index.js';
import { eachAnchoredMatch, stickyOf } from './anchored.js';
import { LiteralSet } from './literal-set.js';
import { mask } from './redact.js';
import { eachMatch, eventTargets, FindingBag, hitFinding, MAX_FINDINGS, type TextHit } from './scan-targets.js';

/** A secret found in one piece of text: where it is and a masked excerpt. */
export type SecretHit = TextHit;

interface Rule {
  readonly kind: string;
  readonly severity: Severity;
  readonly label: string;
  /** Global regex; with the `d` flag when `groups` names capture groups. */
  readonly re: RegExp;
  /** Capture groups that may hold the secret, first defined wins; `[0]` is the whole match. */
  readonly groups: readonly number[];
  readonly accept?: (value: string, m: RegExpExecArray) => boolean;
  /**
   * A cheap test that every match needs: hint words (any case) of which the text must hold one. The
   * full pattern (with its look-behinds) runs only when the text passes it. Most text carries no key prefix
   * at all, so most rules cost one substring search.
   */
  readonly hint?: { readonly words: readonly HintWord[] };
  /** For a pattern that opens with a character class: run it only at a literal it must contain. */
  readonly anchor?: { readonly literal: string; readonly startOf: (text: string, at: number, from: number) => number };
}

const NO_HITS: readonly SecretHit[] = Object.freeze([]);

/**
 * Words (any case) that rules need nearby, found for all rules in one pass over the text (literal-set.ts),
 * which costs less than a substring search per word, or an alternation regex, when most text holds none.
 */
const HINT_WORDS = [
  'key', 'secret', 'token', 'credential', 'pass', 'pwd', 'bearer', 'basic', 'akia', 'asia', 'abia', 'acca', 'gh_token',
  'xox', 'hooks.slack.com', '_live_', 'aiza', 'sk-', 'eyj',
] as const;
type HintWord = (typeof HINT_WORDS)[number];
const GITHUB_PREFIXES = ['ghp_', 'gho_', 'ghu_', 'ghs_', 'ghr_', 'github_pat_'];
const bitOf = (w: HintWord): number => 1 << HINT_WORDS.indexOf(w);
// Every hint word is a literal itself but `gh_token`, which stands for the GitHub token prefixes.
const HINTS = new LiteralSet([
  ...HINT_WORDS.filter((w) => w !== 'gh_token').map((w) => [w, bitOf(w)] as const),
  ...GITHUB_PREFIXES.map((p) => [p, bitOf('gh_token')] as const),
]);

const hintMask = (words: readonly HintWord[]): number => words.reduce((m, w) => m | (1 << HINT_WORDS.indexOf(w)), 0);

const HAS_DIGIT = /\d/;
const HAS_LOWER = /[a-z]/;
const HAS_UPPER = /[A-Z]/;
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
// Documentation values (AWS's AKIAIOSFODNN7EXAMPLE) and template placeholders are not secrets.
const EXAMPLE = /EXAMPLE/;
const PLACEHOLDER =
  /^(?:\*+|x{3,}|\.{3,}|…|<[^>]*>|\[[^\]]*\]|\{\{.*\}\}|\$\{?\w+\}?|%\(?\w+\)?s?|null|nil|none|undefined|true|false|empty|redacted|hidden|masked|changeme|password|passwd|secret|string|str|required|optional|dummy|placeholder|example\w*|your[\w-]*|my[\w-]*(?:password|secret|key|token)|process\.env\.\w+)$/i;
// `config.password`, `getSecret()`, `os.getenv(`: code that names a secret rather than containing one.
const CODE_REF = /^(?:[A-Za-z_$][\w$]*\.)+[A-Za-z_$][\w$]*$|^[\w.$]+\(/;
const PATH_OR_URL = /^(?:\/|\.{1,2}\/|~\/)|:\/\//;
const KEY_WORDS = /[_.-]|(?<=[a-z0-9])(?=[A-Z])/;
const KEY_QUOTES = /^["']|["']$/g;
const WHITESPACE = /\s+/;
const NON_LETTER = /[^A-Za-z]/;
const TRAILING_PUNCT = /[.,;:!?)\]}]+$/;
// A key whose last word is one of these describes a secret (its name, file, length) without holding it.
const SAFE_LAST_WORDS = new Set([
  'name', 'id', 'ids', 'ref', 'arn', 'path', 'file', 'dir', 'hint', 'length', 'policy', 'type', 'version', 'manager',
  'rotation', 'url', 'uri', 'env', 'required', 'prompt', 'label', 'field', 'min', 'max', 'count', 'enabled', 'expiry',
  'expires', 'reset', 'changed', 'updated', 'created', 'at', 'strength', 'regex', 'pattern', 'store', 'provider', 'mode',
]);
// Argument names whose value is a secret by definition: `{"password": "…"}` carries no `password=` in the value.
const SECRET_ARG_WORDS = new Set(['password', 'passwd', 'pwd', 'passphrase', 'secret', 'token', 'apikey', 'credential', 'credentials']);
/**
 * A part that every name `isSecretArgName` accepts holds (`apiKey` holds `key`, `passwd` holds `pass`). With `u`,
 * `i` folds as `toLowerCase` does for these letters (the Kelvin sign is a `k`).
 */
const SECRET_NAME_PART = /pass|pwd|secret|token|key|credential/iu;
const KEY_QUALIFIERS = new Set(['api', 'access', 'private', 'secret', 'signing', 'encryption', 'master']);
const INDEX = /^\d+$/;
// Paging cursors and counters are high-entropy but public.
const NOT_SECRET_WORDS = new Set(['page', 'next', 'cursor', 'continuation', 'sync', 'tokens', 'usage', 'limit', 'max']);

/** Shannon entropy of a string in bits per character. */
export function shannonEntropy(s: string): number {
  if (s.length === 0) return 0;
  const counts = new Map<number, number>();
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    counts.set(c, (counts.get(c) ?? 0) + 1);
  }
  let h = 0;
  for (const n of counts.values()) {
    const p = n / s.length;
    h -= p * Math.log2(p);
  }
  return h;
}

/** True for a token that reads as random: long, mixed character classes, high entropy (hex reaches ~3.7). */
export function looksRandom(v: string): boolean {
  if (v.length < 16) return false;
  const digit = HAS_DIGIT.test(v);
  const lower = HAS_LOWER.test(v);
  const upper = HAS_UPPER.test(v);
  const h = shannonEntropy(v);
  if (digit && (lower || upper)) return h >= (v.length >= 24 ? 3.5 : 3.3);
  return lower && upper && h >= 4;
}

const notExample = (v: string): boolean => !EXAMPLE.test(v);
const notPlaceholder = (v: string): boolean => !PLACEHOLDER.test(v) && !v.startsWith('$');

function keyWords(key: string): string[] {
  return key.replace(KEY_QUOTES, '').split(KEY_WORDS).map((w) => w.toLowerCase());
}

function acceptAssignment(value: string, m: RegExpExecArray): boolean {
  const words = keyWords(m[1] ?? '');
  if (SAFE_LAST_WORDS.has(words[words.length - 1] ?? '')) return false;
  const v = value.trim();
  if (!notPlaceholder(v) || CODE_REF.test(v) || PATH_OR_URL.test(v)) return false;
  if (m[4] === undefined) return v.length >= 4 && v.split(WHITESPACE).length <= 2; // quoted: not a sentence
  // Unquoted: prose ("the secret: patience") is letters only; real values carry digits or symbols.
  const core = v.replace(TRAILING_PUNCT, '');
  return core.length >= 6 && NON_LETTER.test(core);
}

function acceptEntropy(value: string, m: RegExpExecArray): boolean {
  const words = keyWords(m[1] ?? '');
  if (words.some((w) => NOT_SECRET_WORDS.has(w)) || SAFE_LAST_WORDS.has(words[words.length - 1] ?? '')) return false;
  if (UUID.test(value) && !words.some((w) => w === 'key' || w === 'secret' || w === 'apikey')) return false;
  return notPlaceholder(value) && looksRandom(value);
}

/** True when a tool argument's name (`auth.password`, `headers.apiKey`) says its value is a secret. */
export function isSecretArgName(path: string): boolean {
  if (!SECRET_NAME_PART.test(path)) return false; // every secret word below holds one of these: skip the split
  const segments = path.split('.');
  let last = segments.pop();
  if (last !== undefined && INDEX.test(last)) last = segments.pop();
  const words = keyWords(last ?? '');
  const w = words[words.length - 1] ?? '';
  if (SAFE_LAST_WORDS.has(w) || words.some((x) => NOT_SECRET_WORDS.has(x))) return false;
  return SECRET_ARG_WORDS.has(w) || (w === 'key' && KEY_QUALIFIERS.has(words[words.length - 2] ?? ''));
}

function acceptArgValue(value: string): boolean {
  const v = value.trim();
  if (v.length < 6 || v.length > 4096 || !notPlaceholder(v) || CODE_REF.test(v) || PATH_OR_URL.test(v)) return false;
  return NON_LETTER.test(v) || looksRandom(v);
}

// Ordered from most to least specific: a later rule never reports a span an earlier one already took.
const RULES: readonly Rule[] = [
  { kind: 'secret.aws-access-key', hint: { words: ['akia', 'asia', 'abia', 'acca'] }, severity: 'critical', label: 'AWS access key id', re: /(?<![A-Za-z0-9])(?:AKIA|ASIA|ABIA|ACCA)[A-Z0-9]{16}(?![A-Za-z0-9])/g, groups: [0], accept: notExample },
  { kind: 'secret.aws-secret-key', hint: { words: ['secret'] }, severity: 'critical', label: 'AWS secret access key', re: /(?:aws_?secret_?(?:access_?)?key|secret_?access_?key)["']?\s*(?:=>|[:=])\s*["']?([A-Za-z0-9/+]{40})(?![A-Za-z0-9/+=])/dgi, groups: [1], accept: notExample },
  { kind: 'secret.github-token', hint: { words: ['gh_token'] }, severity: 'high', label: 'GitHub token', re: /(?<![A-Za-z0-9_])(?:gh[pousr]_[A-Za-z0-9]{36,251}|github_pat_[A-Za-z0-9_]{50,240})(?![A-Za-z0-9_])/g, groups: [0] },
  { kind: 'secret.slack-token', hint: { words: ['xox'] }, severity: 'high', label: 'Slack token', re: /(?<![A-Za-z0-9])xox[abposre]-[A-Za-z0-9-]{10,250}/g, groups: [0], accept: (v) => HAS_DIGIT.test(v) },
  { kind: 'secret.slack-webhook', hint: { words: ['hooks.slack.com'] }, severity: 'high', label: 'Slack webhook URL', re: /https:\/\/hooks\.slack\.com\/services\/T[A-Z0-9]{6,12}\/B[A-Z0-9]{6,12}\/[A-Za-z0-9]{16,32}/g, groups: [0] },
  { kind: 'secret.stripe-key', hint: { words: ['_live_'] }, severity: 'high', label: 'Stripe live key', re: /(?<![A-Za-z0-9])(?:sk|rk)_live_[A-Za-z0-9]{20,247}(?![A-Za-z0-9])/g, groups: [0] },
  { kind: 'secret.google-api-key', hint: { words: ['aiza'] }, severity: 'high', label: 'Google API key', re: /(?<![A-Za-z0-9_-])AIza[0-9A-Za-z_-]{35}(?![A-Za-z0-9_-])/g, groups: [0] },
  { kind: 'secret.anthropic-key', hint: { words: ['sk-'] }, severity: 'high', label: 'Anthropic API key', re: /(?<![A-Za-z0-9_-])sk-ant-[A-Za-z0-9_-]{20,250}/g, groups: [0], accept: (v) => looksRandom(v.slice(7)) },
  { kind: 'secret.openai-key', hint: { words: ['sk-'] }, severity: 'high', label: 'OpenAI API key', re: /(?<![A-Za-z0-9_-])sk-(?!ant-)(?:proj-|svcacct-|admin-)?([A-Za-z0-9_-]{20,250})(?![A-Za-z0-9_-])/g, groups: [0], accept: (_v, m) => looksRandom(m[1] ?? '') },
  { kind: 'secret.jwt', hint: { words: ['eyj'] }, severity: 'high', label: 'JSON Web Token', re: /(?<![A-Za-z0-9_-])eyJ[A-Za-z0-9_-]{10,4096}\.eyJ[A-Za-z0-9_-]{4,8192}\.[A-Za-z0-9_-]{10,1024}(?![A-Za-z0-9_-])/g, groups: [0] },
  { kind: 'secret.url-credentials', anchor: { literal: '://', startOf: schemeStart }, severity: 'high', label: 'password embedded in a URL', re: /\b[a-z][a-z0-9+.-]{1,15}:\/\/[^\s:/?#@"'<>[\]]{0,64}:([^\s/?#@"'<>]{1,128})@[A-Za-z0-9[]/dgi, groups: [1], accept: notPlaceholder },
  { kind: 'secret.bearer-token', hint: { words: ['bearer', 'basic'] }, severity: 'high', label: 'HTTP authorization credential', re: /\b(?:bearer|basic)[ \t]+([A-Za-z0-9._~+/-]{20,2048}={0,2})(?![A-Za-z0-9._~+/=-])/dgi, groups: [1], accept: looksRandom },
  {
    kind: 'secret.assignment',
    hint: { words: ['pass', 'pwd', 'secret'] },
    severity: 'high',
    label: 'password or secret assigned a value',
    re: /(?<![\w.-])["']?([\w.-]{0,32}?(?:pass(?:word|wd|phrase)|pwd|secret)(?:[_.-][\w.-]{0,24}|key)?)["']?[ \t]*(?:=>|:|=)(?![=:/])[ \t]*(?:"([^"\r\n]{1,256})"|'([^'\r\n]{1,256})'|([^\s"'`,;&<>]{1,256}))/dgi,
    groups: [2, 3, 4],
    accept: acceptAssignment,
  },
  {
    kind: 'secret.high-entropy',
    hint: { words: ['key', 'secret', 'token', 'credential', 'pass'] },
    severity: 'high',
    label: 'random-looking credential next to a key name',
    re: /(?<![\w.-])["']?([\w.-]{0,32}?(?:api[_.-]?key|apikey|access[_.-]?key|secret|token|credential|private[_.-]?key|session[_.-]?key|signing[_.-]?key|passwd|password)(?:[_.-]?[\w.-]{0,24})?)["']?[ \t]*(?:=>|[:=])[ \t]*["']?([A-Za-z0-9+/_.~-]{16,512}={0,2})(?![A-Za-z0-9+/_.~=-])/dgi,
    groups: [2],
    accept: acceptEntropy,
  },
];

/** True for `[A-Za-z0-9_]`, the `\w` of a pattern without the `u` flag. */
function isWordCode(c: number): boolean {
  return (c >= 48 && c <= 57) || (c >= 65 && c <= 90) || (c >= 97 && c <= 122) || c === 95;
}

const MAX_SCHEME = 16;

/**
 * Where a URL whose `://` is at `at` can start, for `\b[a-z][a-z0-9+.-]{1,15}://` (case-insensitive): the
 * first position, at or after `from` and at most 16 chars back, that begins a word with a letter and is
 * followed by scheme chars only. The rest of the pattern does not depend on the start.
 */
export function schemeStart(text: string, at: number, from: number): number {
  let r = at;
  while (r > 0 && at - r < MAX_SCHEME) {
    const c = text.charCodeAt(r - 1);
    if (!(isWordCode(c) || c === 43 || c === 46 || c === 45) || c === 95) break;
    r--;
  }
  for (let p = Math.max(r, from); p <= at - 2; p++) {
    const c = text.charCodeAt(p) | 32;
    if (c >= 97 && c <= 122 && (p === 0 || !isWordCode(text.charCodeAt(p - 1)))) return p;
  }
  return -1;
}

/** Each rule with its hint words as bits (0: no hint needed) and, for an anchored rule, its sticky pattern. */
const COMPILED: readonly { readonly rule: Rule; readonly hints: number; readonly sticky: RegExp | undefined }[] = RULES.map((rule) => ({
  rule,
  hints: rule.hint === undefined ? 0 : hintMask(rule.hint.words),
  sticky: rule.anchor === undefined ? undefined : stickyOf(rule.re),
}));

/** The URL-credential pattern, for tests that compare the anchored scan with a plain global one. */
export const URL_CREDENTIALS_PATTERN: RegExp = (RULES.find((r) => r.kind === 'secret.url-credentials') as Rule).re;

const PEM_BEGIN = /-----BEGIN (?:[A-Z0-9]+ ){0,3}PRIVATE KEY(?: BLOCK)?-----/g;
const PEM_BODY = /[A-Za-z0-9+/=]{40}/;
const PEM_WINDOW = 64 * 1024;

function pick(rule: Rule, m: RegExpExecArray): { value: string; start: number } | undefined {
  for (const g of rule.groups) {
    const value = m[g];
    if (value === undefined) continue;
    if (g === 0) return { value, start: m.index };
    const start = m.indices?.[g]?.[0];
    return start === undefined ? undefined : { value, start };
  }
  return undefined;
}

// The scan in progress: `findSecrets` is synchronous and never re-entered, so its match callbacks are
// module functions reading this state rather than closures allocated on every call (one per rule).
let hits: SecretHit[] | undefined;
let hitLimit = MAX_FINDINGS;
let scanned = '';
let rule: Rule = RULES[0] as Rule;

function overlaps(start: number, end: number): boolean {
  if (hits === undefined) return false;
  for (const h of hits) if (start < h.end && end > h.start) return true;
  return false;
}

function addHit(h: SecretHit): boolean {
  return (hits ??= []).push(h) < hitLimit;
}

function full(): boolean {
  return hits !== undefined && hits.length >= hitLimit;
}

// A PEM header alone is documentation; a key has a base64 body, and its span runs to the END line.
function onPemBegin(m: RegExpExecArray): boolean {
  const text = scanned;
  const bodyFrom = m.index + m[0].length;
  if (!PEM_BODY.test(text.slice(bodyFrom, bodyFrom + 256))) return true;
  const endAt = text.slice(bodyFrom, bodyFrom + PEM_WINDOW).indexOf('-----END ');
  const close = endAt < 0 ? -1 : text.indexOf('-----', bodyFrom + endAt + 9);
  const end = close < 0 ? bodyFrom : close + 5;
  return addHit({ kind: 'secret.private-key', severity: 'critical', label: 'private key', start: m.index, end, excerpt: `${m[0]}… (${end - m.index} chars)` });
}

function onRuleMatch(m: RegExpExecArray): boolean {
  const p = pick(rule, m);
  if (p === undefined) return true;
  const end = p.start + p.value.length;
  if (overlaps(p.start, end) || (rule.accept !== undefined && !rule.accept(p.value, m))) return true;
  return addHit({ kind: rule.kind, severity: rule.severity, label: rule.label, start: p.start, end, excerpt: mask(p.value) });
}

/** Finds well-known credentials in text, most specific first, without overlapping spans. Never throws. */
export function findSecrets(text: string, limit: number = MAX_FINDINGS): readonly SecretHit[] {
  hits = undefined;
  hitLimit = limit;
  scanned = text;
  let words: number | undefined;
  eachMatch(PEM_BEGIN, text, onPemBegin);
  for (const compiled of COMPILED) {
    if (full()) break;
    if (compiled.hints !== 0 && ((words ??= HINTS.find(text)) & compiled.hints) === 0) continue;
    rule = compiled.rule;
    if (rule.anchor !== undefined && compiled.sticky !== undefined) eachAnchoredMatch(compiled.sticky, text, rule.anchor.literal, rule.anchor.startOf, onRuleMatch);
    else eachMatch(rule.re, text, onRuleMatch);
  }
  const found: readonly SecretHit[] = hits ?? NO_HITS;
  hits = undefined;
  scanned = '';
  return found;
}

/** Detects credentials in prompts, model output, tool results and tool-call arguments. */
export const secretsDetector = defineDetector({
  id: 'secrets',
  kinds: ['tool.result', 'tool.call', 'prompt', 'model.output'],
  initState: STATELESS,
  inspect(event) {
    const bag = new FindingBag();
    for (const target of eventTargets(event)) {
      if (bag.full) break;
      const hits = findSecrets(target.text);
      for (const h of hits) {
        bag.add(hitFinding('secrets', target, h));
      }
      if (hits.length === 0 && target.arg !== undefined && isSecretArgName(target.arg) && acceptArgValue(target.text)) {
        const span = { start: 0, end: target.text.length };
        bag.add(finding({ detector: 'secrets', kind: 'secret.assignment', severity: 'high', message: 'secret in an argument named for one', arg: target.arg, span, excerpt: mask(target.text) }));
      }
    }
    return bag.result();
  },
});
