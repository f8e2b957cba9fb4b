import { SESSION_FACTS, type AgentEvent, type ChainLink, type Facts, type Finding, type PolicyInput, type Redaction, type SessionFact } from '../core/index.js';
import { redactionsFor } from './redactions.js';
import type { EventNote, NoteSource, SessionState } from './session.js';
import { summarize } from './summarize.js';

const FACT_ROLE: Readonly<Record<SessionFact, string>> = {
  untrusted: 'untrusted content entered the context',
  injection: 'an instruction was found in untrusted content',
  injection_strong: 'an instruction-override was found in untrusted content',
  private_data: 'private data entered the context',
  secret: 'a secret entered the context',
};

const NO_SEQS: readonly number[] = Object.freeze([]);

/**
 * One event on its way through the engine: its note for the causal chain (built on first use), and the policy
 * input for it. One object with methods instead of a closure per callback (note, chain, redactions).
 */
export class EventScope implements PolicyInput, NoteSource {
  readonly event: AgentEvent;
  readonly findings: readonly Finding[];
  readonly session: SessionState;
  /** Set once the facts are built, before policy reads them. */
  facts!: Facts;
  /** Seqs of the injected instructions the call's arguments and its action words came from. */
  injectedFrom: readonly number[] = NO_SEQS;
  intentFrom: readonly number[] = NO_SEQS;
  #note: EventNote | undefined;

  constructor(event: AgentEvent, findings: readonly Finding[], session: SessionState) {
    this.event = event;
    this.findings = findings;
    this.session = session;
  }

  note(): EventNote {
    return (this.#note ??= { seq: this.event.seq, kind: this.event.kind, summary: summarize(this.event, this.findings) });
  }

  redactions(): readonly Redaction[] {
    return redactionsFor(this.event, this.findings);
  }

  /** The causal chain for a rule that read `reads`: the events behind those facts, then this event. */
  chain(reads: ReadonlySet<string>): readonly ChainLink[] {
    const session = this.session;
    const current = this.note();
    const roles = new Map<number, string[]>();
    const add = (seq: number, role: string): void => {
      const list = roles.get(seq);
      if (list === undefined) roles.set(seq, [role]);
      else if (!list.includes(role)) list.push(role);
    };
    for (const fact of SESSION_FACTS) {
      if (!reads.has(`session.${fact}`) || !session.facts[fact]) continue;
      for (const seq of session.evidence(fact)) add(seq, FACT_ROLE[fact]);
    }
    if (reads.has('args.injected') || reads.has('intent_injected')) {
      for (const seq of this.injectedFrom) add(seq, 'the injected instruction this call follows');
      for (const seq of this.intentFrom) add(seq, 'the injected instruction this call follows');
    }
    if (reads.has('args.untrusted_only')) {
      for (const seq of session.evidence('untrusted')) add(seq, 'untrusted content the arguments came from');
    }
    const links: ChainLink[] = [];
    for (const [seq, rs] of [...roles].sort((a, b) => a[0] - b[0])) {
      if (seq === current.seq) continue;
      const n = session.note(seq);
      if (n !== undefined) links.push({ seq, kind: n.kind, role: rs.join('; '), summary: n.summary });
    }
    links.push({ seq: current.seq, kind: current.kind, role: 'this event', summary: current.summary });
    return links;
  }
}
