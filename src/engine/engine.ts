import { randomUUID } from 'node:crypto';
import {
  finding,
  type AgentEvent,
  type AnyDetector,
  type Capability,
  type ChainLink,
  type Decision,
  type EngineRecord,
  type EventInput,
  type EventKind,
  type Finding,
  type Policy,
  type RecordSink,
  type SessionFact,
  type SessionView,
  type ToolDefinition,
  NO_FINDINGS,
  SESSION_FACTS,
  toolKey,
} from '../core/index.js';
import { absorb } from './absorb.js';
import { withNetworkEgress, type ToolOverride } from './capabilities.js';
import { buildFacts } from './facts.js';
import { redactionsFor } from './redactions.js';
import type { EventNote, SessionState } from './session.js';
import { resultLabels } from './session.js';
import { SessionTable, type SessionTableLimits } from './session-table.js';
import { summarize } from './summarize.js';
import { ToolProfiles, type ToolProfile } from './tool-profiles.js';

/** Engine bounds. Defaults suit one gateway process; see docs/engine.md. */
export interface EngineLimits extends SessionTableLimits {
  /** Characters of one event's content that detectors inspect; the rest is noted, not scanned. */
  readonly maxContentChars: number;
  /** Tool definitions remembered from `tools.list` events. */
  readonly maxTools: number;
}

export const DEFAULT_LIMITS: EngineLimits = {
  maxSessions: 50_000,
  idleMs: 30 * 60_000,
  provenanceEntries: 512,
  maxContentChars: 1 << 20,
  maxTools: 10_000,
};

export interface EngineOptions {
  readonly policy: Policy;
  readonly detectors?: readonly AnyDetector[] | undefined;
  /** Per-tool configuration, keyed `server/name`, `server/*` or `name`. */
  readonly tools?: ReadonlyMap<string, ToolOverride> | undefined;
  readonly limits?: Partial<EngineLimits> | undefined;
  readonly now?: (() => number) | undefined;
  readonly sink?: RecordSink | undefined;
  readonly newId?: (() => string) | undefined;
  /**
   * The first seq of a session this engine has not seen, so that a restarted gateway continues a stored
   * session's numbering instead of colliding with it. Default: 0.
   */
  readonly firstSeq?: ((sessionId: string) => number) | undefined;
  /** Called when the sink or a detector throws; never rethrown (OTel `globalErrorHandler`). */
  readonly onInternalError?: ((where: string, error: unknown) => void) | undefined;
}

/** Counters for `/metrics` and the engine benchmark. */
export interface EngineStats {
  readonly sessions: number;
  readonly evictedLru: number;
  readonly evictedIdle: number;
  readonly events: number;
  readonly detectorCrashes: number;
  readonly policyCrashes: number;
  readonly sinkErrors: number;
}

/** Classes an edge established for a tool, unless configuration names the tool (it is the higher authority). */
function edgeCapabilities(input: { capabilities?: readonly Capability[] | undefined }, profile: ToolProfile): readonly Capability[] | undefined {
  return input.capabilities === undefined || profile.override !== undefined ? undefined : input.capabilities;
}

const FACT_ROLE: Readonly<Record<SessionFact, string>> = {
  untrusted: 'untrusted content entered the context',
  injection: 'an instruction was found in untrusted content',
  injection_strong: 'an instruction-override was found in untrusted content',
  private_data: 'private data entered the context',
  secret: 'a secret entered the context',
};

/**
 * The session engine: every event from every surface goes through `process`, which is synchronous and never
 * throws. Detectors find, policy decides, the sink stores; a crash in any of them becomes a finding or a
 * decision, not an outage (STYLE.md §3).
 */
export class Engine {
  readonly #policy: Policy;
  readonly #byKind = new Map<EventKind, AnyDetector[]>();
  readonly #catalog = new Map<string, ToolDefinition>();
  readonly #profiles: ToolProfiles;
  readonly #limits: EngineLimits;
  readonly #sessions: SessionTable;
  readonly #now: () => number;
  readonly #sink: RecordSink | undefined;
  readonly #newId: () => string;
  readonly #onInternalError: (where: string, error: unknown) => void;
  #events = 0;
  #detectorCrashes = 0;
  #policyCrashes = 0;
  #sinkErrors = 0;

  constructor(opts: EngineOptions) {
    this.#policy = opts.policy;
    this.#limits = { ...DEFAULT_LIMITS, ...opts.limits };
    this.#profiles = new ToolProfiles({ tools: opts.tools ?? new Map(), catalog: this.#catalog, max: this.#limits.maxTools });
    this.#sessions = new SessionTable(this.#limits, opts.firstSeq);
    this.#now = opts.now ?? Date.now;
    this.#sink = opts.sink;
    this.#newId = opts.newId ?? randomUUID;
    this.#onInternalError = opts.onInternalError ?? (() => undefined);
    // Bucket detectors by kind once, at startup (STYLE.md §5).
    for (const d of opts.detectors ?? []) {
      for (const k of d.kinds) {
        let list = this.#byKind.get(k);
        if (list === undefined) this.#byKind.set(k, (list = []));
        list.push(d);
      }
    }
  }

  get policy(): Policy {
    return this.#policy;
  }

  /** Runs one event through detectors and policy, updates the session, and returns the decision. */
  process(input: EventInput): EngineRecord {
    const at = input.at ?? this.#now();
    const session = this.#sessions.touch(input.sessionId, at);
    const profile = input.kind === 'tool.call' || input.kind === 'tool.result' ? this.#profiles.get(input.tool) : undefined;
    const event = this.#normalize(input, session, at, profile);
    this.#events++;
    if (event.actor.agent !== undefined) session.agent = event.actor.agent;
    if (event.actor.user !== undefined) session.user = event.actor.user;
    if (event.kind === 'tools.list') this.#learnTools(event.tools);

    // Only tool output can be untrusted, and only configuration can vouch for it.
    const trusted = event.kind !== 'tool.result' || profile?.override?.trusted === true;
    const inspected = this.#inspect(event, session, trusted);
    const findings = input.findings === undefined || input.findings.length === 0 ? inspected : [...inspected, ...input.findings];
    let memo: EventNote | undefined;
    const note = (): EventNote => (memo ??= { seq: event.seq, kind: event.kind, summary: summarize(event, findings) });
    absorb({ session, event, findings, note, trusted });
    const decision = this.#decide(event, findings, session, note, profile);
    const rec: EngineRecord = { event, findings: decision.findings, decision };
    if (event.kind === 'session.end') this.#sessions.delete(session.id);
    if (this.#sink !== undefined) {
      try {
        this.#sink.record(rec);
      } catch (e) {
        this.#sinkErrors++;
        this.#onInternalError('sink', e);
      }
    }
    return rec;
  }

  stats(): EngineStats {
    const ev = this.#sessions.evictions;
    return {
      sessions: this.#sessions.size,
      evictedLru: ev.lru,
      evictedIdle: ev.idle,
      events: this.#events,
      detectorCrashes: this.#detectorCrashes,
      policyCrashes: this.#policyCrashes,
      sinkErrors: this.#sinkErrors,
    };
  }

  // Each kind is built as one literal with its fields in a fixed order: spreading a shared base would make
  // V8 copy properties one by one into a new shape on every event.
  #normalize(input: EventInput, session: SessionState, at: number, profile: ToolProfile | undefined): AgentEvent {
    const id = input.id ?? this.#newId();
    const { sessionId, source } = input;
    const seq = session.nextSeq++;
    const actor = input.actor ?? { user: session.user, agent: session.agent };
    switch (input.kind) {
      case 'tool.call': {
        const p = profile ?? this.#profiles.get(input.tool);
        return { id, sessionId, seq, at, source, actor, kind: 'tool.call', tool: input.tool, args: input.args, capabilities: edgeCapabilities(input, p) ?? withNetworkEgress(p.capabilities, input.args) };
      }
      case 'tool.result': {
        const p = profile ?? this.#profiles.get(input.tool);
        return { id, sessionId, seq, at, source, actor, kind: 'tool.result', tool: input.tool, content: input.content, isError: input.isError, capabilities: edgeCapabilities(input, p) ?? p.capabilities };
      }
      case 'prompt':
        return { id, sessionId, seq, at, source, actor, kind: 'prompt', text: input.text };
      case 'model.output':
        return { id, sessionId, seq, at, source, actor, kind: 'model.output', text: input.text };
      case 'tools.list':
        return { id, sessionId, seq, at, source, actor, kind: 'tools.list', tools: input.tools };
      case 'session.start':
        return { id, sessionId, seq, at, source, actor, kind: 'session.start' };
      case 'session.end':
        return { id, sessionId, seq, at, source, actor, kind: 'session.end' };
      case 'hook':
        return { id, sessionId, seq, at, source, actor, kind: 'hook', name: input.name, note: input.note, raw: input.raw };
    }
  }

  #learnTools(tools: readonly ToolDefinition[]): void {
    this.#profiles.forget();
    for (const t of tools) {
      if (this.#catalog.size >= this.#limits.maxTools && !this.#catalog.has(toolKey(t))) break;
      this.#catalog.set(toolKey(t), t);
    }
  }

  #inspect(event: AgentEvent, session: SessionState, trusted: boolean): readonly Finding[] {
    const detectors = this.#byKind.get(event.kind);
    let oversized: Finding | undefined;
    let subject = event;
    if (event.kind === 'tool.result' && event.content.length > this.#limits.maxContentChars) {
      subject = { ...event, content: event.content.slice(0, this.#limits.maxContentChars) };
      oversized = finding({ detector: 'engine', kind: 'input.truncated', severity: 'info', message: `content of ${event.content.length} chars inspected up to ${this.#limits.maxContentChars}` });
    }
    if (detectors === undefined) return oversized === undefined ? NO_FINDINGS : [oversized];
    const view: SessionView = {
      id: session.id,
      agent: session.agent,
      startedAt: session.startedAt,
      eventCount: session.nextSeq,
      labels: event.kind === 'tool.result' ? resultLabels(trusted, event.capabilities.includes('reads-private'), false) : undefined,
    };
    let out: Finding[] | undefined = oversized === undefined ? undefined : [oversized];
    for (const d of detectors) {
      let state = session.detectorState.get(d.id);
      if (state === undefined && !session.detectorState.has(d.id)) {
        state = d.initState();
        session.detectorState.set(d.id, state);
      }
      try {
        const found = d.inspect(subject, state, view);
        if (found !== undefined && found.length > 0) (out ??= []).push(...found);
      } catch (e) {
        this.#detectorCrashes++;
        this.#onInternalError(`detector ${d.id}`, e);
        (out ??= []).push(
          finding({ detector: d.id, kind: 'detector.crashed', severity: 'high', message: `detector ${d.id} failed; policy decides fail-open or fail-closed` }),
        );
      }
    }
    return out ?? NO_FINDINGS;
  }

  #decide(event: AgentEvent, findings: readonly Finding[], session: SessionState, note: () => EventNote, profile: ToolProfile | undefined): Decision {
    const built = buildFacts(event, findings, session, profile);
    try {
      return this.#policy.decide({
        facts: built.facts,
        findings,
        chain: (reads) => this.#chain(reads, session, note, [...built.provenance.injectedFrom, ...built.intentFrom]),
        redactions: () => redactionsFor(event, findings),
      });
    } catch (e) {
      // Policy implementations must not throw; if one does, fail closed: an unexplained allow is the worse outcome.
      this.#policyCrashes++;
      this.#onInternalError('policy', e);
      const crashed = finding({ detector: 'engine', kind: 'policy.crashed', severity: 'critical', message: 'policy evaluation failed' });
      return {
        action: 'deny',
        findings: [...findings, crashed],
        matched: [],
        rule: { id: 'policy-crashed', severity: 'critical', owasp: [] },
        reason: 'policy evaluation failed; denied (fail closed)',
        chain: [{ seq: event.seq, kind: event.kind, role: 'this event', summary: note().summary }],
      };
    }
  }

  #chain(reads: ReadonlySet<string>, session: SessionState, currentNote: () => EventNote, injectedFrom: readonly number[]): readonly ChainLink[] {
    const current = currentNote();
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
      for (const seq of injectedFrom) add(seq, 'the injected instruction this call follows');
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
