import { finding, toolKey } from '../core/index.js';
import type { AgentEvent, Decision, EngineRecord, Finding, Severity } from '../core/index.js';
import { canonicalJson } from './audit.js';

/**
 * Row shapes of the SQLite tables and the mapping between them and `EngineRecord`. Kept apart from the
 * store class so the mapping can be read (and cross-checked by `auditVerify`) in one place.
 */

/** A row of `events`. `payload` is the canonical JSON of the whole event. */
export interface EventRow {
  readonly session_id: string;
  readonly seq: number;
  readonly id: string;
  readonly kind: string;
  readonly at: number;
  readonly source: string;
  readonly tool: string | null;
  readonly payload: string;
}

/** A row of `findings`: the only copy of a record's findings. */
export interface FindingRow {
  readonly session_id: string;
  readonly seq: number;
  readonly idx: number;
  readonly detector: string;
  readonly kind: string;
  readonly severity: string;
  readonly message: string;
  readonly arg: string | null;
  readonly span_start: number | null;
  readonly span_end: number | null;
  readonly excerpt: string | null;
}

/** A row of `decisions`. `chain` is the only copy of the causal chain; `payload` holds the rest. */
export interface DecisionRow {
  readonly session_id: string;
  readonly seq: number;
  readonly action: string;
  readonly rule_id: string | null;
  readonly reason: string | null;
  readonly chain: string | null;
  readonly payload: string;
}

/** The `sessions` upsert parameters for one session's records in a batch. */
export interface SessionParams {
  readonly id: string;
  /** The first agent and user the records name, in order (the row keeps the first ever seen). */
  agent: string | null;
  user: string | null;
  startedAt: number;
  lastSeenAt: number;
  /** How many records. */
  events: number;
  /** The highest seq, and the action of the last record that has it. */
  seq: number;
  action: string;
}

/** The `events` row for an event. */
export function eventRow(event: AgentEvent): EventRow {
  const tool = event.kind === 'tool.call' || event.kind === 'tool.result' ? toolKey(event.tool) : null;
  return {
    session_id: event.sessionId,
    seq: event.seq,
    id: event.id,
    kind: event.kind,
    at: event.at,
    source: event.source,
    tool,
    payload: canonicalJson(event),
  };
}

/** The `findings` rows for a record's findings, in order. */
export function findingRows(event: AgentEvent, findings: readonly Finding[]): FindingRow[] {
  return findings.map((f, idx) => ({
    session_id: event.sessionId,
    seq: event.seq,
    idx,
    detector: f.detector,
    kind: f.kind,
    severity: f.severity,
    message: f.message,
    arg: f.arg ?? null,
    span_start: f.span?.start ?? null,
    span_end: f.span?.end ?? null,
    excerpt: f.excerpt ?? null,
  }));
}

/** The `decisions` row for a record. The decision's findings are left out when they are the record's own. */
export function decisionRow(record: EngineRecord): DecisionRow {
  const { event, decision } = record;
  const rest: { [key: string]: unknown } = { ...decision };
  delete rest['chain'];
  // The engine passes one array to both; storing it twice would only give an attacker two copies to edit.
  if (decision.findings === record.findings || canonicalJson(decision.findings) === canonicalJson(record.findings)) {
    delete rest['findings'];
  }
  return {
    session_id: event.sessionId,
    seq: event.seq,
    action: decision.action,
    rule_id: decision.action === 'allow' ? null : decision.rule.id,
    reason: reasonOf(decision),
    chain: decision.action === 'allow' ? null : canonicalJson(decision.chain),
    payload: canonicalJson(rest),
  };
}

function reasonOf(decision: Decision): string | null {
  switch (decision.action) {
    case 'allow':
      return null;
    case 'ask':
      return decision.prompt;
    case 'deny':
    case 'redact':
      return decision.reason;
  }
}

/**
 * The `sessions` upserts for a batch of records, one per session: the same row as one upsert per record in
 * order would leave (first agent and user, earliest and latest time, the count, the highest seq and the action
 * of the last record that reached it), for one statement per session instead of one per record.
 */
export function sessionParams(records: readonly EngineRecord[]): Map<string, SessionParams> {
  const out = new Map<string, SessionParams>();
  for (const { event, decision } of records) {
    const p = out.get(event.sessionId);
    if (p === undefined) {
      const at = event.at;
      out.set(event.sessionId, { id: event.sessionId, agent: event.actor.agent ?? null, user: event.actor.user ?? null, startedAt: at, lastSeenAt: at, events: 1, seq: event.seq, action: decision.action });
      continue;
    }
    p.agent ??= event.actor.agent ?? null;
    p.user ??= event.actor.user ?? null;
    p.startedAt = Math.min(p.startedAt, event.at);
    p.lastSeenAt = Math.max(p.lastSeenAt, event.at);
    p.events++;
    // As the per-record upsert did: a record at or past the highest seq so far sets the action.
    if (event.seq >= p.seq) {
      p.seq = event.seq;
      p.action = decision.action;
    }
  }
  return out;
}

/**
 * Rebuilds a record from its rows: the record as the tables present it now. Payloads were written by this
 * store, so they are parsed without a schema; tampering with them is `auditVerify`'s job to find.
 */
export function toRecord(rows: {
  readonly event: string;
  readonly decision: Pick<DecisionRow, 'chain' | 'payload'>;
  readonly findings: readonly FindingRow[];
}): EngineRecord {
  const { decision } = rows;
  const findings = rows.findings.map(toFinding);
  const parsed = JSON.parse(decision.payload) as { readonly [key: string]: unknown };
  const full = {
    ...parsed,
    ...('findings' in parsed ? {} : { findings }),
    ...(decision.chain === null ? {} : { chain: JSON.parse(decision.chain) as unknown }),
  };
  // The payload held a Decision minus the parts restored above; `auditVerify` vouches for it, not the type.
  return { event: JSON.parse(rows.event) as AgentEvent, findings, decision: full as unknown as Decision };
}

function toFinding(row: FindingRow): Finding {
  return finding({
    detector: row.detector,
    kind: row.kind,
    severity: row.severity as Severity,
    message: row.message,
    arg: row.arg ?? undefined,
    span: row.span_start === null || row.span_end === null ? undefined : { start: row.span_start, end: row.span_end },
    excerpt: row.excerpt ?? undefined,
  });
}

/**
 * Index columns that disagree with the payload they were derived from. An attacker who edits only
 * `decisions.action` (what the console shows) leaves the hashed payload intact; this catches that.
 */
export function columnDrift(record: EngineRecord, stored: { readonly event: EventRow; readonly decision: DecisionRow }): string[] {
  const drift: string[] = [];
  const event = eventRow(record.event);
  for (const key of ['session_id', 'seq', 'id', 'kind', 'at', 'source', 'tool'] as const) {
    if (event[key] !== stored.event[key]) drift.push(`events.${key}`);
  }
  const decision = decisionRow(record);
  for (const key of ['action', 'rule_id', 'reason'] as const) {
    if (decision[key] !== stored.decision[key]) drift.push(`decisions.${key}`);
  }
  return drift;
}
