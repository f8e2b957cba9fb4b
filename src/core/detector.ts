import type { AgentEvent, EventKind, EventOf } from './events.js';
import type { Finding } from './findings.js';
import type { Labels } from './labels.js';

/** A read-only view of the session a detector may consult. */
export interface SessionView {
  readonly id: string;
  readonly agent: string | undefined;
  readonly startedAt: number;
  readonly eventCount: number;
  /** Labels of the content this event carries, when it carries content. */
  readonly labels: Labels | undefined;
}

/**
 * A detector looks at one event kind or several and reports findings. It is synchronous, keeps its own
 * per-session state, and returns `undefined` when it sees nothing (STYLE.md §5).
 */
export interface Detector<K extends EventKind = EventKind, S = unknown> {
  readonly id: string;
  readonly kinds: readonly K[];
  initState(): S;
  inspect(event: EventOf<K>, state: S, session: SessionView): readonly Finding[] | undefined;
}

/** A detector of any kind and state, as the engine stores them. */
export interface AnyDetector {
  readonly id: string;
  readonly kinds: readonly EventKind[];
  initState(): unknown;
  inspect(event: AgentEvent, state: unknown, session: SessionView): readonly Finding[] | undefined;
}

/** Defines a detector so that `event` and `state` are inferred from `kinds` and `initState`. */
export function defineDetector<K extends EventKind, S>(d: Detector<K, S>): AnyDetector {
  // The engine only calls `inspect` with events whose kind is in `kinds`, and with the state from `initState`.
  return d as unknown as AnyDetector;
}

/** A detector without state. */
export const STATELESS = (): undefined => undefined;
