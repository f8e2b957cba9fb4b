import { randomUUID } from 'node:crypto';
import {
  finding,
  type AgentEvent,
  type AnyDetector,
  type Capability,
  type Decision,
  type EngineRecord,
  type EventInput,
  type EventKind,
  type Finding,
  type Policy,
  type RecordSink,
  type SessionView,
  type ToolDefinition,
  NO_FINDINGS,
  toolKey,
} from '../core/index.js';
import { absorb } from './absorb.js';
import { withNetworkEgress, type ToolOverride } from './capabilities.js';
import { EventScope } from './event-scope.js';
import { buildFacts } from './facts.js';
import type { SessionState } from './session.js';
import { NO_STATE, resultLabels } from './session.js';
import { SessionTable, type SessionTableLimits } from './session-table.js';
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

/** A detector and the slot of its per-session state (one per detector id). */
interface DetectorSlot {
  readonly detector: AnyDetector;
  readonly slot: number;
}

/**
 * The session engine: every event from every surface goes through `process`, which is synchronous and never
 * throws. Detectors find, policy decides, the sink stores; a crash in any of them becomes a finding or a
 * decision, not an outage (STYLE.md §3).
 */
export class Engine {
  readonly #policy: Policy;
  readonly #byKind = new Map<EventKind, DetectorSlot[]>();
  /** Distinct detector ids: the length of every session's `detectorState`. */
  readonly #slots: number;
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
    // Bucket detectors by kind once, at startup (STYLE.md §5). Detectors sharing an id share state, as they
    // did when state was kept by id.
    const slotOf = new Map<string, number>();
    for (const d of opts.detectors ?? []) {
      let slot = slotOf.get(d.id);
      if (slot === undefined) slotOf.set(d.id, (slot = slotOf.size));
      for (const k of d.kinds) {
        let list = this.#byKind.get(k);
        if (list === undefined) this.#byKind.set(k, (list = []));
        list.push({ detector: d, slot });
      }
    }
    this.#slots = slotOf.size;
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
    if (input.actor !== undefined) session.seeActor(input.actor);
    if (event.kind === 'tools.list') this.#learnTools(event.tools);

    // Only tool output can be untrusted, and only configuration can vouch for it.
    const trusted = event.kind !== 'tool.result' || profile?.override?.trusted === true;
    const inspected = this.#inspect(event, session, trusted);
    const findings = input.findings === undefined || input.findings.length === 0 ? inspected : [...inspected, ...input.findings];
    const scope = new EventScope(event, findings, session);
    absorb(session, event, findings, scope, trusted);
    const decision = this.#decide(scope, profile);
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
    const actor = input.actor ?? session.actor;
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
    const states = session.detectorState;
    while (states.length < this.#slots) states.push(NO_STATE);
    for (let i = 0; i < detectors.length; i++) {
      const { detector: d, slot } = detectors[i] as DetectorSlot;
      let state = states[slot];
      if (state === NO_STATE) states[slot] = state = d.initState();
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

  #decide(scope: EventScope, profile: ToolProfile | undefined): Decision {
    const { event, findings } = scope;
    const built = buildFacts(event, findings, scope.session, profile);
    scope.facts = built.facts;
    scope.injectedFrom = built.provenance.injectedFrom;
    scope.intentFrom = built.intentFrom;
    try {
      return this.#policy.decide(scope);
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
        chain: [{ seq: event.seq, kind: event.kind, role: 'this event', summary: scope.note().summary }],
      };
    }
  }
}
