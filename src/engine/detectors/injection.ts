import { defineDetector, finding, type Finding, type Span } from '../../core/index.js';
import { firstMatchBefore, openers, stickyOf } from './anchored.js';
import { collapseSpacesIn } from './redact.js';
import { WordStarts, type StartSpec } from './word-starts.js';

/**
 * Finds instructions addressed to the agent inside content it did not write (OWASP LLM01, ASI01).
 *
 * Two strengths:
 * - `injection.override`: forms that only make sense as an attack on the model: "ignore previous instructions",
 *   fake system or role turns, messages addressed to the model by name, tool-call recipes. High severity.
 * - `injection.instruction`: a request for an action ("please transfer…", "can you email…", "Send … to …")
 *   inside third-party data. Ordinary mail contains such sentences too, so this is medium severity and is only
 *   decisive together with provenance: when the agent then acts on values or verbs taken from that sentence.
 *
 * Each finding's span covers the instruction, so provenance can mark the values inside it as injected.
 */

/** Longest span taken after an instruction starts: an injected request is a paragraph, not a document. */
const MAX_SPAN = 1_200;
/** Bounded work per event. */
const MAX_SCAN = 1 << 20;
const MAX_FINDINGS = 16;

// Override forms. Case-insensitive; whitespace may be any run (tool output is often re-wrapped YAML or JSON).
// Each form says where it can start (word-starts.ts): the scan tries the pattern only there.
const OVERRIDE_FORMS: readonly (readonly [pattern: string, starts: StartSpec])[] = [
  // No leading \b: injected text is often glued to the field it hides in ("External_Ignore your previous…").
  [String.raw`(?:ignore|disregard|forget|override|bypass)\s+(?:all\s+|any\s+|the\s+|your\s+|my\s+)*(?:previous|prior|above|earlier|preceding|original|system)\s+(?:instructions?|iunstructions?|prompts?|directions?|rules|guidelines|context|tasks?)`, { endings: ['ignore', 'disregard', 'forget', 'override', 'bypass'] }],
  [String.raw`\bIMPORTANT\s*!{2,}`, { words: ['important'] }],
  [String.raw`<\s*/?\s*(?:INFORMATION|INSTRUCTIONS?|SYSTEM|IMPORTANT|ADMIN)\s*>`, { chars: '<' }],
  [String.raw`#{2,}\s*\(?\s*system(?:[_\s-]?message)?\s*\)?`, { chars: '#' }],
  [String.raw`\[\s*(?:SYSTEM|INST|ADMIN)\s*\]|<\|im_start\|>|<\|system\|>`, { chars: '[<' }],
  [String.raw`\bnew\s+instructions?\s*:`, { words: ['new'] }],
  [String.raw`\b(?:this\s+is\s+)?an?\s+(?:important|urgent)\s+message\s+from\s+(?:me|the\s+user|your\s+(?:user|owner|developer))`, { words: ['this', 'a', 'an'] }],
  [String.raw`\bto\s+you,?\s+(?:GPT|Claude|Gemini|Llama|the\s+(?:AI|assistant|model|agent))`, { words: ['to'] }],
  [String.raw`\bbefore\s+you\s+(?:can\s+)?(?:solve|complete|finish|continue|do)\s+the\s+task`, { words: ['before'] }],
  [String.raw`\byou\s+should\s+use\s+the\s+(?:tool|function)\s+\W?\w+`, { words: ['you'] }],
  [String.raw`\b(?:strictly\s+)?adhere\s+to\s+the\s+following\s+instructions?`, { words: ['strictly', 'adhere'] }],
  [String.raw`\bdo\s+not\s+(?:tell|inform|mention\s+(?:this\s+)?to)\s+the\s+user`, { words: ['do'] }],
];
const OVERRIDE_RE = new RegExp(OVERRIDE_FORMS.map(([p]) => p).join('|'), 'gi');
const OVERRIDE_STARTS: StartSpec = {
  words: OVERRIDE_FORMS.flatMap(([, s]) => s.words ?? []),
  endings: OVERRIDE_FORMS.flatMap(([, s]) => s.endings ?? []),
  chars: OVERRIDE_FORMS.map(([, s]) => s.chars ?? '').join(''),
};

// Action verbs an attacker asks an agent to perform. Exported: provenance uses them to tell whether an
// instruction asks for what the user asked for.
const ACTION_LIST =
  'send transfer email e-mail forward delete remove grant unlock share pay withdraw deposit change update create add invite schedule book reserve post buy order purchase download upload redirect move execute run install disable enable reset set sell cancel reply message text retrieve get give provide tell reveal export copy publish follow release approve modify edit insert write read find look search check list access use make put place submit invest ship visit open click navigate go fetch guide transmit leak';

/** Stems of the action verbs an injected request uses. */
export const ACTION_VERBS: ReadonlySet<string> = new Set(ACTION_LIST.split(' '));

const ACTION = `(?:${ACTION_LIST.split(' ').join('|')})`;
const ACTION_CAP = `(?:${ACTION_LIST.split(' ').map((w) => w[0]?.toUpperCase() + w.slice(1)).join('|')})`;

// A request: a politeness or obligation lead-in followed by a verb ("please guide the robot…").
const REQUEST_RE = new RegExp(
  String.raw`\b(?:please|kindly)\s+(?!note\b|find\s+attached|let\s+me\s+know|feel\s+free)[a-z]{2,}|\b(?:can|could|would|will)\s+you\s+(?:please\s+)?[a-z]{2,}|\bI\s+(?:need|want|would\s+like)\s+you\s+to\s+[a-z]{2,}|\byou\s+(?:must|should|need\s+to|have\s+to)\s+` +
    ACTION +
    String.raw`\b|\bmake\s+sure\s+(?:to|you)\s+[a-z]{2,}`,
  'gi',
);
const REQUEST_STARTS: StartSpec = { words: ['please', 'kindly', 'can', 'could', 'would', 'will', 'I', 'you', 'make'] };

// A bare imperative: a capitalized action verb opening a sentence or clause, followed by its object
// ("Transfer $500 to…", "our new flavor, Withdraw 5 Bitcoin to…": a capital mid-sentence is itself a tell).
// Case-sensitive on purpose: `'email': '…'` in a JSON record is a key, not a command. The verb comes first so
// the regex engine can skip quickly to capitals; `opensClause` checks what precedes it.
const BARE_RE = new RegExp(String.raw`\b(` + ACTION_CAP + String.raw`)\s+(?:(?:the|a|an|my|all|this|these|those|to|me|him|her|them|it)\b|\$?\d|[A-Za-z]{3,}\b(?!['"]\s*[:,]))`, 'g');
const BARE_STARTS: StartSpec = { exactWords: ACTION_LIST.split(' ').map((w) => w.charAt(0).toUpperCase() + w.slice(1)) };

/** The three patterns, for tests that compare the start-position scan with a plain global one. */
export const INJECTION_PATTERNS: readonly (readonly [RegExp, StartSpec])[] = [
  [OVERRIDE_RE, OVERRIDE_STARTS],
  [REQUEST_RE, REQUEST_STARTS],
  [BARE_RE, BARE_STARTS],
];
const STARTS = new WordStarts([OVERRIDE_STARTS, REQUEST_STARTS, BARE_STARTS]);
const OVERRIDE = 0;
const REQUEST = 1;
const BARE = 2;
const STICKY: readonly RegExp[] = [stickyOf(OVERRIDE_RE), stickyOf(REQUEST_RE), stickyOf(BARE_RE)];

/** True when position `i` opens a sentence or clause: after `. ! ? : ; ,` and a space, a line break, ` - `, or a quote. */
function opensClause(s: string, i: number): boolean {
  let j = i - 1;
  let spaced = false;
  while (j >= 0) {
    const c = s.charCodeAt(j);
    if (c === 10) return true; // line break
    if (c !== 32 && c !== 9 && c !== 13) break;
    spaced = true;
    j--;
  }
  if (j < 0) return true;
  const c = s[j] as string;
  if (c === "'" || c === '"' || c === '\u201c') return true;
  if (!spaced) return false;
  return '.!?:;,'.includes(c) || (c === '-' && j > 0 && /\s/.test(s[j - 1] as string));
}

// Where an override ends: the end of the field or paragraph that holds it.
const FIELD_END_RE = /['"](?=\s*[,}\]])|\n\s*\n|<\/|\n-{3,}/g;
const FIELD_END = stickyOf(FIELD_END_RE);
const FIELD_END_OPENS = openers(`'"\n<`);
// Where a request ends: its sentence, or its field if that ends first.
const SENTENCE_END_RE = /[.!?](?=['"\s]|$)|['"](?=[ \t]*(?:[,}\]]|\n))|\n\s*\n|<\//g;
const SENTENCE_END = stickyOf(SENTENCE_END_RE);
const SENTENCE_END_OPENS = openers(`.!?'"\n<`);
/** A request is one sentence; an attacker's one is rarely longer than this. */
const MAX_SENTENCE = 400;

/** The end patterns with what their matches open with, for tests that compare the bounded search with a global one. */
export const END_PATTERNS: readonly (readonly [RegExp, Uint8Array])[] = [
  [FIELD_END_RE, FIELD_END_OPENS],
  [SENTENCE_END_RE, SENTENCE_END_OPENS],
];

// A sentence that carries a request on: "Also, email those details to me at …".
const CONTINUATION_RE = /^\s*(?:also|then|and|after\s+that|afterwards|finally|next|additionally|make\s+sure|don't\s+forget|once\s+(?:done|you))\b/i;
const MAX_CONTINUATIONS = 3;

function oneSentenceEnd(text: string, from: number): number {
  const limit = Math.min(text.length, from + MAX_SENTENCE);
  const m = firstMatchBefore(SENTENCE_END, SENTENCE_END_OPENS, text, from, limit);
  return m !== null ? m.index + 1 : limit;
}

/** The end of a request: its sentence, and the sentences that continue it. */
function sentenceEnd(text: string, from: number): number {
  let end = oneSentenceEnd(text, from);
  for (let i = 0; i < MAX_CONTINUATIONS && end < text.length; i++) {
    const next = CONTINUATION_RE.exec(text.slice(end, end + 40));
    if (next === null) break;
    end = oneSentenceEnd(text, end + next[0].length);
  }
  return end;
}

function spanEnd(text: string, from: number, closing: string | undefined): number {
  const limit = Math.min(text.length, from + MAX_SPAN);
  if (closing !== undefined) {
    const close = text.indexOf(closing, from);
    if (close !== -1 && close < limit) return close + closing.length;
  }
  const m = firstMatchBefore(FIELD_END, FIELD_END_OPENS, text, from, limit);
  return m !== null ? m.index : limit;
}

/** Long enough to show the whole of a typical injected request in the causal chain. */
const MAX_EXCERPT = 240;

function excerpt(text: string, span: Span): string {
  const s = collapseSpacesIn(text, span.start, Math.min(span.end, span.start + MAX_EXCERPT));
  return span.end - span.start > MAX_EXCERPT ? `${s}…` : s;
}

/** Finds override forms and action requests in `text`; returns findings with spans, or `undefined`. */
export function scanInjection(text: string): Finding[] | undefined {
  const s = blankEscapes(text.length > MAX_SCAN ? text.slice(0, MAX_SCAN) : text);
  let out: Finding[] | undefined;
  let covered = -1; // end of the last span: later matches inside it add nothing

  STARTS.scan(s);
  let full = false;
  STARTS.eachMatch(OVERRIDE, STICKY[OVERRIDE] as RegExp, s, (m) => {
    if (m.index < covered) return true;
    const opening = /^<\s*(\w+)/.exec(m[0]);
    const closing = opening?.[1] !== undefined && !m[0].includes('/') ? `</${opening[1]}>` : undefined;
    const span = { start: m.index, end: spanEnd(s, m.index + m[0].length, closing) };
    covered = span.end;
    (out ??= []).push(
      finding({ detector: 'injection', kind: 'injection.override', severity: 'high', message: 'instruction-override form in untrusted content', span, excerpt: excerpt(s, span) }),
    );
    return !(full = out.length >= MAX_FINDINGS);
  });
  if (full) return out;

  for (const k of [REQUEST, BARE]) {
    STARTS.eachMatch(k, STICKY[k] as RegExp, s, (m) => {
      if (k === BARE && !opensClause(s, m.index)) return true;
      const start = m.index;
      if (out !== undefined && out.some((f) => f.span !== undefined && start >= f.span.start && start < f.span.end)) return true;
      const span = { start, end: sentenceEnd(s, m.index + m[0].length) };
      (out ??= []).push(
        finding({ detector: 'injection', kind: 'injection.instruction', severity: 'medium', message: 'request for an action inside untrusted content', span, excerpt: excerpt(s, span) }),
      );
      return !(full = out.length >= MAX_FINDINGS);
    });
    if (full) return out;
  }
  return out;
}

const ESCAPE_RE = /\\+[nrt]?/g;

/**
 * Blanks JSON/YAML escape sequences (`\\n`, `\\t`, `\\"`) to spaces of the same length, so that text re-escaped
 * inside a tool's output still has its word boundaries, and spans still index the original text.
 */
function blankEscapes(s: string): string {
  return s.includes('\\') ? s.replace(ESCAPE_RE, (m) => ' '.repeat(m.length)) : s;
}

/** The injection detector: scans tool results (content a third party may have written). */
export const injectionDetector = defineDetector({
  id: 'injection',
  kinds: ['tool.result'],
  initState: () => undefined,
  inspect(event, _state, session) {
    if (session.labels?.integrity === 'trusted') return undefined;
    return scanInjection(event.content);
  },
});
