import type { Decision } from './decision.js';
import type { AgentEvent } from './events.js';
import type { Finding } from './findings.js';

/** Everything the engine concluded about one event: what the store keeps and the audit log chains. */
export interface EngineRecord {
  readonly event: AgentEvent;
  readonly findings: readonly Finding[];
  readonly decision: Decision;
}

/**
 * Where the engine sends records. `record` must return quickly and never throw: a store batches and writes
 * off the decision path (STYLE.md §5). The engine still guards every call.
 */
export interface RecordSink {
  record(rec: EngineRecord): void;
}
