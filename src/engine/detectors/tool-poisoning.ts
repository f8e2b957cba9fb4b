import { defineDetector, finding, STATELESS } from '../../core/index.js';
import type { Severity } from '../../core/index.js';
import { clip } from './redact.js';
import { eachMatch, FindingBag, toolTexts } from './scan-targets.js';
import type { ScanTarget } from './scan-targets.js';

// Tool descriptions are read by the model, rarely by the user: the place for instructions the user never
// sees (Invariant Labs, "MCP tool poisoning", 2025). Each rule is matched once per text.
const HIDDEN_TAG = /<\s*\/?\s*(?:important|instructions?|system|hidden|secret|admin|note[_\s-]?to[_\s-]?(?:ai|assistant|model)|ai[_\s-]?instructions?)\s*>/i;
const BEFORE_USING = /\bbefore\s+(?:using|calling|invoking|running|executing)\s+(?:this|the|any)\s+tool\b[^.\n]{0,160}?\b(?:read|send|pass|include|call|fetch|open|cat|upload|provide|attach|forward|extract|access)\b/i;
const CONCEAL = /\b(?:do\s+not|don'?t|never|must\s+not|should\s+not)\s+(?:tell|inform|notify|alert)\s+(?:the\s+)?user\b|\b(?:do\s+not|don'?t|never|must\s+not|should\s+not)\s+(?:mention|reveal|disclose|show|say)\b[^.\n]{0,40}?\b(?:to|with)\s+the\s+user\b|\bwithout\s+(?:telling|informing|notifying|alerting|asking)\s+the\s+user\b|\bthe\s+user\s+(?:must|should)\s+not\s+(?:know|see|be\s+told|notice)\b|\b(?:secretly|covertly)\b/i;
const IGNORE_PREVIOUS = /\b(?:ignore|disregard|forget|override)\s+(?:all\s+|any\s+|the\s+|your\s+)*(?:previous|prior|above|earlier|other|system)\s+(?:instructions?|prompts?|rules|guidelines|directions)\b/i;
const INVISIBLE = /[\u200B-\u200D\u2060\u202A-\u202E\u2066-\u2069]|\uDB40[\uDC00-\uDC7F]/;
const INVISIBLE_ALL = new RegExp(INVISIBLE.source, 'g');
// Files that hold credentials or agent configuration (which lists every server's keys).
const SECRET_REF = /(?:~|\$HOME|\/home\/\w+|\/Users\/\w+)?\/?\.ssh\b|\bid_(?:rsa|ed25519|ecdsa|dsa)\b|\bmcp\.json\b|\.aws\/credentials|(?:^|[\s/'"`])\.env\b(?!\.example)|\/etc\/(?:passwd|shadow)|\.netrc\b|\.git-credentials|claude_desktop_config\.json|\.kube\/config|\.docker\/config\.json/gi;
const SECRET_WORD = /\b(?:credentials?|api[\s_-]?keys?|private\s+keys?|passwords?|secrets?|access\s+tokens?|auth(?:entication)?\s+tokens?|ssh\s+keys?|env(?:ironment)?\s+variables?|(?:conversation|chat)\s+history|system\s+prompt)\b/i;
// An instruction, not a description: "Reads the key from ~/.ssh" describes; "read ~/.ssh/id_rsa and pass it" commands.
const IMPERATIVE_ACCESS = /(?:^\s*|[.!?:\n>]\s*|\b(?:must|should|need\s+to|please|make\s+sure\s+to|be\s+sure\s+to|first,?|always|then|and|also)\s+)(?:read|cat|open|load|send|pass|include|provide|attach|upload|forward|copy|extract|collect|append|put|insert|embed|add)\b|\bcontents?\s+of\b/i;
const WHEN_TOOL = /\b(?:when(?:ever)?|each\s+time|every\s+time|if|after|before)\s+(?:the\s+|any\s+|you\s+(?:use|call|invoke)\s+(?:the\s+)?)?[`'"]?([A-Za-z][\w.-]{1,63})[`'"]?\s+(?:tool|function)\b/gi;
const QUOTE_EDGES = /^[`'"]|[`'"]$/g;
const NOT_TOOL_NAMES = new Set(['this', 'that', 'the', 'a', 'an', 'any', 'same', 'other', 'another', 'each', 'every', 'your', 'my', 'our']);
// Words that change another tool's data flow; "prefer X instead" or "call X first" are ordinary guidance.
const OVERRIDE_WORDS = /\b(?:bcc|cc|recipients?|redirect|forward|send\s+(?:a\s+copy|copies|it|them|all)\s+to|change\s+the\s+(?:recipient|address|url|account|destination)|replace\s+the|override|regardless\s+of|must\s+(?:always|also)|always\s+(?:add|include|send|set|append|bcc|cc|copy|forward|redirect))\b/i;
const IDENT = /[`'"]?[A-Za-z][\w.-]{2,63}[`'"]?/g;
const TOOLISH = /[_.-]|^[`'"]/;
const DATA_SINK = /[\w.+-]+@[\w-]+\.[\w.]+|https?:\/\/|\bbcc\b/i;
const IMPERATIVE_START = /(?:^|[.!?\n]\s*)(?:you\s+must|you\s+should|always|never|do\s+not|don'?t|make\s+sure|ensure|remember|important)\b/gi;
const LONG_DESCRIPTION = 2000;
const MANY_IMPERATIVES = 5;

interface Hit {
  readonly kind: string;
  readonly severity: Severity;
  readonly message: string;
  readonly target: ScanTarget;
  readonly start: number;
  readonly end: number;
}

/** True at a sentence end: `!`, `?`, a newline, or a period before whitespace (not the dot in `a@b.com`). */
function endsSentence(text: string, i: number): boolean {
  const c = text[i];
  if (c === '\n' || c === '!' || c === '?') return true;
  const next = text[i + 1];
  return c === '.' && (next === undefined || next === ' ' || next === '\n' || next === '\t');
}

/** The sentence around `[start, end)`, bounded to 300 characters either side. */
function sentence(text: string, start: number, end: number): { start: number; end: number } {
  let s = start;
  while (s > 0 && start - s < 300 && !endsSentence(text, s - 1)) s--;
  let e = end;
  while (e < text.length && e - end < 300 && !endsSentence(text, e)) e++;
  return { start: s, end: Math.min(text.length, e + 1) };
}

function first(re: RegExp, text: string): { start: number; end: number } | undefined {
  const m = re.exec(text);
  return m === null ? undefined : { start: m.index, end: m.index + m[0].length };
}

/** Other tools a text names in a sentence that changes how they behave (cross-tool shadowing). */
function shadowing(t: ScanTarget, names: ReadonlySet<string>, hit: (start: number, end: number, other: string) => void): void {
  const { text } = t;
  if (!OVERRIDE_WORDS.test(text)) return;
  const own = (t.arg ?? '').toLowerCase();
  const check = (name: string, start: number, end: number): boolean => {
    const s = sentence(text, start, end);
    if (!OVERRIDE_WORDS.test(text.slice(s.start, s.end))) return false;
    hit(s.start, s.end, name);
    return true;
  };
  // "When the send_email tool is used, always bcc …": names a tool, possibly on another server.
  let found = false;
  eachMatch(WHEN_TOOL, text, (m) => {
    const name = (m[1] ?? '').toLowerCase();
    found = !NOT_TOOL_NAMES.has(name) && name !== own && check(name, m.index, m.index + m[0].length);
    return !found;
  });
  if (found) return;
  // A sibling tool's name (`send_email`, or quoted) in a sentence that redirects its data.
  eachMatch(IDENT, text, (m) => {
    const word = m[0].replace(QUOTE_EDGES, '').toLowerCase();
    if (word === own || !names.has(word) || !TOOLISH.test(m[0])) return true;
    return !check(word, m.index, m.index + m[0].length);
  });
}

function inspectTool(targets: readonly ScanTarget[], names: ReadonlySet<string>): Hit[] {
  const hits: Hit[] = [];
  const add = (kind: string, severity: Severity, message: string, target: ScanTarget, at: { start: number; end: number } | undefined): void => {
    if (at !== undefined && !hits.some((h) => h.kind === kind && h.message === message)) hits.push({ kind, severity, message, target, start: at.start, end: at.end });
  };
  for (const t of targets) {
    const { text } = t;
    add('tool-poisoning.hidden-instruction', 'critical', 'tells the model to ignore its other instructions', t, first(IGNORE_PREVIOUS, text));
    add('tool-poisoning.hidden-instruction', 'high', 'tag that marks instructions for the model', t, first(HIDDEN_TAG, text));
    add('tool-poisoning.hidden-instruction', 'high', 'asks for an action before the tool is used', t, first(BEFORE_USING, text));
    add('tool-poisoning.hidden-instruction', 'high', 'asks the model to keep something from the user', t, first(CONCEAL, text));
    add('tool-poisoning.hidden-instruction', 'high', 'invisible Unicode characters in the description', t, first(INVISIBLE, text));
    eachMatch(SECRET_REF, text, (m) => {
      const s = sentence(text, m.index, m.index + m[0].length);
      if (!IMPERATIVE_ACCESS.test(text.slice(s.start, s.end))) return true;
      add('tool-poisoning.secret-access', 'critical', 'instructs the model to read or send a credential file', t, s);
      return false;
    });
    shadowing(t, names, (start, end, other) => {
      const sink = DATA_SINK.test(text.slice(start, end));
      add('tool-poisoning.shadowing', sink ? 'critical' : 'high', `changes how another tool (${clip(other, 40)}) behaves`, t, { start, end });
    });
    if (t.field === 'description' && text.length > LONG_DESCRIPTION) {
      IMPERATIVE_START.lastIndex = 0;
      let count = 0;
      while (count < MANY_IMPERATIVES && IMPERATIVE_START.exec(text) !== null) count++;
      if (count >= MANY_IMPERATIVES) add('tool-poisoning.hidden-instruction', 'medium', 'very long description full of imperatives', t, { start: 0, end: text.length });
    }
  }
  // Credentials by name ("send the API key") are normal in some tools; together with another hidden-instruction signal they are not.
  if (hits.length > 0) {
    for (const t of targets) {
      const word = first(SECRET_WORD, t.text);
      if (word === undefined) continue;
      const s = sentence(t.text, word.start, word.end);
      if (IMPERATIVE_ACCESS.test(t.text.slice(s.start, s.end))) add('tool-poisoning.secret-access', 'high', 'instructs the model to hand over credentials', t, s);
    }
  }
  return hits;
}

/** Detects poisoned tool definitions: hidden instructions, secret access and shadowing of other tools, in `tools.list` events. */
export const toolPoisoningDetector = defineDetector({
  id: 'tool-poisoning',
  kinds: ['tools.list'],
  initState: STATELESS,
  inspect(event) {
    const names = new Set(event.tools.slice(0, 1024).map((t) => t.name.toLowerCase()));
    const targets = toolTexts(event.tools);
    const bag = new FindingBag();
    for (let i = 0; i < targets.length && !bag.full; ) {
      // toolTexts lists one tool's texts together; inspect them as a group.
      let j = i;
      while (j < targets.length && targets[j]?.arg === targets[i]?.arg) j++;
      for (const h of inspectTool(targets.slice(i, j), names)) {
        const where = h.target.field === 'description' ? '' : ` (${h.target.field ?? ''})`;
        const excerpt = clip(h.target.text.slice(h.start, h.end).replace(INVISIBLE_ALL, '<hidden>').trim(), 120);
        bag.add(finding({ detector: 'tool-poisoning', kind: h.kind, severity: h.severity, message: `tool description ${h.message}${where}`, arg: h.target.arg, span: { start: h.start, end: h.end }, excerpt }));
      }
      i = j;
    }
    return bag.result();
  },
});
