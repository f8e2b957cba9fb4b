import type { AgentEvent, Finding } from '../core/index.js';
import { ACTION_VERBS } from './detectors/injection.js';
import { ORIGIN } from './provenance/origins.js';
import { hashWords, wordHash } from './provenance/words.js';
import type { NoteSource, SessionState } from './session.js';

/** Most characters of a prompt indexed word by word (a pasted document should not flood the index). */
const MAX_PROMPT_CHARS = 32_768;
/** Most characters of a tool result scanned for significant values. */
const MAX_RESULT_CHARS = 262_144;

const STRONG = new Set(['injection.override', 'injection.hidden-unicode']);
const ACTION_STEMS: ReadonlySet<number> = new Set([...ACTION_VERBS].map(wordHash));
const READ_STEMS: ReadonlySet<number> = new Set(
  'get read find look search check list access fetch retrieve give provide tell reveal show download visit open navigate go'.split(' ').map(wordHash),
);
/** Words at the head of a request that name what it asks for. */
const HEAD_WORDS = 12;
const headWords = new Int32Array(HEAD_WORDS);

// The user hands authority to content: "follow the instructions in the file", "do the tasks in that email".
const DELEGATION_RE =
  /\b(?:follow|do|complete|perform|carry\s+out|execute|handle|action)\s+(?:all\s+|any\s+)?(?:the\s+|these\s+|those\s+|my\s+|its\s+|their\s+)?(?:instructions?|tasks?|steps?|to-?dos?|actions?|requests?|directions?)\b/i;

/**
 * A request inside untrusted content is aligned with the user when the user delegated to content, or asked
 * for the same action in their own words (the user says "pay the bill", the bill says "please pay to …").
 * Override forms are never aligned: no honest document tells the model to ignore its instructions.
 */
function aligned(session: SessionState, text: string, start: number, end: number): boolean {
  if (session.delegated) return true;
  // Only the request's main verb counts: "retrieve my payment methods and email them" is a retrieval request
  // even when the user's own prompt mentions an email. And only an action counts: that the user also asked
  // to "fetch" something does not sanction a stranger's request to fetch something else.
  const count = hashWords(text, headWords, HEAD_WORDS, start, end);
  for (let k = 0; k < count; k++) {
    const w = headWords[k] as number;
    if (!ACTION_STEMS.has(w)) continue;
    if (READ_STEMS.has(w)) return false;
    const hit = session.origins.lookup(headWords, k, k + 1);
    return hit !== undefined && (hit.bits & ORIGIN.user) !== 0;
  }
  return false;
}

/**
 * Folds one event into the session: labels (what has entered the context), provenance fingerprints, and the
 * evidence that later explains a decision. Runs after detectors, before policy.
 */
export function absorb(session: SessionState, event: AgentEvent, findings: readonly Finding[], note: NoteSource, trusted: boolean): void {
  switch (event.kind) {
    case 'prompt': {
      const text = event.text.slice(0, MAX_PROMPT_CHARS);
      session.origins.addText(text, ORIGIN.user, event.seq);
      if (DELEGATION_RE.test(text)) session.delegated = true;
      return;
    }
    case 'tool.result': {
      const content = event.content;
      if (!trusted) {
        session.establish('untrusted', note);
        session.origins.addSignificant(content, ORIGIN.untrusted, event.seq, MAX_RESULT_CHARS);
      } else {
        session.origins.addSignificant(content, ORIGIN.trusted, event.seq, MAX_RESULT_CHARS);
      }
      if (event.capabilities.includes('reads-private')) session.establish('private_data', note);
      // Injected sentences are indexed after the loop, all at once (see addSpans). Deferring them changes no
      // decision in it: `aligned` asks only whether the user's own words hold a verb.
      let injected: number[] | undefined;
      let overrides: number[] | undefined;
      for (const f of findings) {
        if (f.kind.startsWith('secret.')) session.establish('secret', note);
        if (trusted || !f.kind.startsWith('injection.')) continue;
        const strong = STRONG.has(f.kind);
        const span = f.span === undefined || f.arg !== undefined ? undefined : f.span;
        if (!strong && span !== undefined && aligned(session, content, span.start, Math.min(span.end, content.length))) continue;
        session.establish('injection', note);
        if (strong) session.establish('injection_strong', note);
        // The values and verbs inside an injected instruction are what provenance must recognize later.
        if (span !== undefined) (strong ? (overrides ??= []) : (injected ??= [])).push(span.start, Math.min(span.end, content.length));
      }
      if (injected !== undefined) session.origins.addSpans(content, injected, ORIGIN.injected, event.seq);
      if (overrides !== undefined) session.origins.addSpans(content, overrides, ORIGIN.override, event.seq);
      return;
    }
    case 'tool.call':
    case 'model.output':
    case 'tools.list':
    case 'session.start':
    case 'session.end':
    case 'hook':
      return;
  }
}
