import type { Actor, Labels, SessionFact } from '../core/index.js';
import { OriginIndex } from './provenance/origins.js';

/** Most evidence events remembered per session fact, and chain links per session: bounded by design. */
const MAX_EVIDENCE_PER_FACT = 4;
const MAX_LINKS = 48;

/** What the session remembers of an event that may explain a later decision: never the raw content. */
export interface EventNote {
  readonly seq: number;
  readonly kind: string;
  readonly summary: string;
}

/** Where an event's note comes from: built only when the event becomes evidence (most never need a summary). */
export interface NoteSource {
  note(): EventNote;
}

/** A detector slot not yet used in this session (a detector's own state may be `undefined`). */
export const NO_STATE: unique symbol = Symbol('no detector state');

/** Per-session limits, from configuration. */
export interface SessionLimits {
  /** Fingerprints kept for argument provenance. */
  readonly provenanceEntries: number;
}

/**
 * The engine's memory of one session. Everything in it is bounded, so the cost of an event and the memory of
 * a session stop growing with its length.
 */
export class SessionState {
  readonly id: string;
  readonly startedAt: number;
  agent: string | undefined;
  user: string | undefined;
  /**
   * `{ user, agent }` as they stand, shared by the events that carry no actor of their own. Replaced, never
   * mutated, when either changes: records already handed out keep the actor they were made with.
   */
  actor: Actor = { user: undefined, agent: undefined };
  lastSeenAt: number;
  nextSeq = 0;
  /** The user told the agent to act on instructions found in content ("follow the steps in the email"). */
  delegated = false;
  /** Detector states by the engine's slot for each detector id; `NO_STATE` where a detector has not run yet. */
  readonly detectorState: unknown[] = [];
  readonly origins: OriginIndex;
  readonly facts: Record<SessionFact, boolean> = {
    untrusted: false,
    injection: false,
    injection_strong: false,
    private_data: false,
    secret: false,
  };
  readonly #evidence = new Map<SessionFact, number[]>();
  readonly #links = new Map<number, EventNote>();

  constructor(id: string, now: number, limits: SessionLimits) {
    this.id = id;
    this.startedAt = now;
    this.lastSeenAt = now;
    this.origins = new OriginIndex(limits.provenanceEntries);
  }

  /**
   * Sets a session fact and remembers which event established it (the first few, for the causal chain).
   * `source.note()` is only called when the event becomes evidence: most events never need a summary.
   */
  establish(fact: SessionFact, source: NoteSource): void {
    this.facts[fact] = true;
    let seqs = this.#evidence.get(fact);
    if (seqs === undefined) this.#evidence.set(fact, (seqs = []));
    if (seqs.length >= MAX_EVIDENCE_PER_FACT) return;
    const link = source.note();
    if (seqs.includes(link.seq)) return;
    seqs.push(link.seq);
    this.remember(link);
  }

  /** Seqs of the events behind a fact. */
  evidence(fact: SessionFact): readonly number[] {
    return this.#evidence.get(fact) ?? [];
  }

  /** Keeps a chain link for an event that may later explain a decision. */
  remember(link: EventNote): void {
    if (this.#links.has(link.seq)) return;
    if (this.#links.size >= MAX_LINKS) {
      // Drop the oldest link that no fact relies on; facts keep their first evidence.
      for (const seq of this.#links.keys()) {
        if (![...this.#evidence.values()].some((s) => s.includes(seq))) {
          this.#links.delete(seq);
          break;
        }
      }
      if (this.#links.size >= MAX_LINKS) return;
    }
    this.#links.set(link.seq, link);
  }

  /** Records that the event's actor names a user or agent; the shared actor is replaced if either changed. */
  seeActor(actor: Actor): void {
    const user = actor.user ?? this.user;
    const agent = actor.agent ?? this.agent;
    if (user === this.user && agent === this.agent) return;
    this.user = user;
    this.agent = agent;
    this.actor = { user, agent };
  }

  note(seq: number): EventNote | undefined {
    return this.#links.get(seq);
  }
}

/** Labels of a session's tool output, given whether its tool is trusted and what it read. */
export function resultLabels(trusted: boolean, readsPrivate: boolean, secret: boolean): Labels {
  return {
    integrity: trusted ? 'trusted' : 'untrusted',
    confidentiality: secret ? 'secret' : readsPrivate ? 'internal' : 'public',
  };
}
