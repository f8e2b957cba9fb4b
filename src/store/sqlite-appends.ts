import type Database from 'better-sqlite3';
import type { EngineRecord, LlmRequestRecord, RequestLogEntry, ToolCallAudit } from '../core/index.js';
import { chainRecord, GENESIS_HEAD, recordHashWithEvent } from './audit.js';
import { decisionRow, eventRow, findingRows, sessionParams } from './sqlite-rows.js';
import type { FindingRow, SessionParams } from './sqlite-rows.js';
import type { AuditHead } from './store.js';

/**
 * The batched writes of the audit trail: engine records (chained), tool calls, HTTP requests and model
 * requests. One interface, two homes: the store's own connection, or a worker thread's (`ThreadAppends`), so
 * that a batch never holds the event loop that serves requests.
 */
export interface Appends {
  events(records: readonly EngineRecord[], at: number): Promise<void>;
  toolCalls(rows: readonly ToolCallAudit[]): Promise<void>;
  requests(rows: readonly RequestLogEntry[]): Promise<void>;
  llmRequests(rows: readonly LlmRequestRecord[]): Promise<void>;
  close(): Promise<void>;
}

/** A `tool_calls` row as SQLite holds it. */
export interface ToolCallRow {
  at: number;
  session_id: string;
  call_seq: number;
  user_id: string | null;
  agent: string | null;
  server: string | null;
  tool: string;
  args: string;
  outcome: string;
  rule_id: string | null;
  result_bytes: number;
  result_sha256: string | null;
  is_error: number;
  latency_ms: number;
}

/** A `requests` row as SQLite holds it. */
export interface RequestRow {
  at: number;
  request_id: string;
  method: string;
  route: string;
  path: string;
  status: number;
  user_id: string | null;
  session_id: string | null;
  remote: string | null;
  latency_ms: number;
}

/** Positional parameters, in each statement's column order. */
type RequestParams = [at: number, requestId: string, method: string, route: string, path: string, status: number, user: string | null, sessionId: string | null, remote: string | null, latencyMs: number];
type LlmRequestParams = [at: number, user: string | null, sessionId: string | null, model: string, provider: string | null, status: number, costUsd: number | null, cacheHit: number, record: string];
type EventParams = [sessionId: string, seq: number, id: string, kind: string, at: number, source: string, tool: string | null, payload: string];
type DecisionParams = [sessionId: string, seq: number, action: string, ruleId: string | null, reason: string | null, chain: string | null, payload: string];
type AuditParams = [id: number, at: number, sessionId: string, seq: number, kind: string, action: string, recordHash: string, prevHash: string, hash: string];

function toToolCallRow(r: ToolCallAudit): ToolCallRow {
  return {
    at: r.at, session_id: r.sessionId, call_seq: r.callSeq, user_id: r.user ?? null, agent: r.agent ?? null, server: r.server ?? null,
    tool: r.tool, args: r.args, outcome: r.outcome, rule_id: r.rule ?? null, result_bytes: r.resultBytes,
    result_sha256: r.resultSha256 ?? null, is_error: r.isError ? 1 : 0, latency_ms: r.latencyMs,
  };
}

/** The write statements, prepared once per connection (STYLE.md §5). */
function prepare(db: Database.Database) {
  return {
    insertToolCall: db.prepare<[ToolCallRow]>(
      `INSERT INTO tool_calls (at, session_id, call_seq, user_id, agent, server, tool, args, outcome, rule_id, result_bytes, result_sha256, is_error, latency_ms)
       VALUES (@at, @session_id, @call_seq, @user_id, @agent, @server, @tool, @args, @outcome, @rule_id, @result_bytes, @result_sha256, @is_error, @latency_ms)`,
    ),
    // The statements run per row take positional parameters: binding by name costs a property lookup per
    // parameter, about a third of an insert's time.
    insertRequest: db.prepare<RequestParams>(
      `INSERT INTO requests (at, request_id, method, route, path, status, user_id, session_id, remote, latency_ms)
       VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
    ),
    insertLlmRequest: db.prepare<LlmRequestParams>(
      `INSERT INTO llm_requests (at, user_id, session_id, model, provider, status, cost_usd, cache_hit, record)
       VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)`,
    ),
    insertEvent: db.prepare<EventParams>(
      `INSERT INTO events (session_id, seq, id, kind, at, source, tool, payload)
       VALUES (?, ?, ?, ?, ?, ?, ?, ?)`,
    ),
    insertFinding: db.prepare<[FindingRow]>(
      `INSERT INTO findings (session_id, seq, idx, detector, kind, severity, message, arg, span_start, span_end, excerpt)
       VALUES (@session_id, @seq, @idx, @detector, @kind, @severity, @message, @arg, @span_start, @span_end, @excerpt)`,
    ),
    insertDecision: db.prepare<DecisionParams>(
      `INSERT INTO decisions (session_id, seq, action, rule_id, reason, chain, payload)
       VALUES (?, ?, ?, ?, ?, ?, ?)`,
    ),
    upsertSession: db.prepare<[SessionParams]>(
      // SET expressions read the old row, so the CASE compares against the previous last_seq.
      `INSERT INTO sessions (id, agent, user_id, started_at, last_seen_at, events, last_seq, last_action)
       VALUES (@id, @agent, @user, @startedAt, @lastSeenAt, @events, @seq, @action)
       ON CONFLICT (id) DO UPDATE SET
         agent = COALESCE(sessions.agent, excluded.agent),
         user_id = COALESCE(sessions.user_id, excluded.user_id),
         started_at = MIN(sessions.started_at, excluded.started_at),
         last_seen_at = MAX(sessions.last_seen_at, excluded.last_seen_at),
         events = sessions.events + excluded.events,
         last_seq = MAX(sessions.last_seq, excluded.last_seq),
         last_action = CASE WHEN excluded.last_seq >= sessions.last_seq THEN excluded.last_action ELSE sessions.last_action END`,
    ),
    insertAudit: db.prepare<AuditParams>(
      `INSERT INTO audit (id, at, session_id, seq, kind, action, record_hash, prev_hash, hash)
       VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)`,
    ),
    readHead: db.prepare<[], AuditHead>('SELECT last_id AS id, hash FROM audit_head WHERE one = 1'),
    lastEntry: db.prepare<[], AuditHead>('SELECT id, hash FROM audit ORDER BY id DESC LIMIT 1'),
    writeHead: db.prepare<[AuditHead]>(
      `INSERT INTO audit_head (one, last_id, hash) VALUES (1, @id, @hash)
       ON CONFLICT (one) DO UPDATE SET last_id = excluded.last_id, hash = excluded.hash`,
    ),
  };
}

/** The appends on one connection, each batch one transaction. Synchronous underneath; used in-thread and by the worker. */
export class SqliteAppends implements Appends {
  readonly #events: Database.Transaction<(records: readonly EngineRecord[], at: number) => void>;
  readonly #toolCalls: Database.Transaction<(rows: readonly ToolCallAudit[]) => void>;
  readonly #requests: Database.Transaction<(rows: readonly RequestLogEntry[]) => void>;
  readonly #llm: Database.Transaction<(rows: readonly LlmRequestRecord[]) => void>;

  constructor(db: Database.Database) {
    const sql = prepare(db);
    this.#toolCalls = db.transaction((rows: readonly ToolCallAudit[]) => {
      for (const r of rows) sql.insertToolCall.run(toToolCallRow(r));
    });
    this.#llm = db.transaction((rows: readonly LlmRequestRecord[]) => {
      for (const r of rows) {
        sql.insertLlmRequest.run(r.at, r.user ?? null, r.sessionId ?? null, r.model, r.provider ?? null, r.status, r.costUsd ?? null, r.cacheHit === true ? 1 : 0, JSON.stringify(r));
      }
    });
    this.#requests = db.transaction((rows: readonly RequestLogEntry[]) => {
      for (const r of rows) {
        sql.insertRequest.run(r.at, r.requestId, r.method, r.route, r.path, r.status, r.user ?? null, r.sessionId ?? null, r.remote ?? null, r.latencyMs);
      }
    });
    this.#events = db.transaction((records: readonly EngineRecord[], at: number) => {
      // Read the head inside the transaction (not from memory) so two writers can never fork the chain. A
      // missing head row only comes from tampering; continuing from the newest entry keeps the log writable,
      // at the cost of re-creating the head that would have shown a truncated tail.
      let head = sql.readHead.get() ?? sql.lastEntry.get() ?? GENESIS_HEAD;
      for (const record of records) {
        const e = eventRow(record.event);
        sql.insertEvent.run(e.session_id, e.seq, e.id, e.kind, e.at, e.source, e.tool, e.payload);
        for (const row of findingRows(record.event, record.findings)) sql.insertFinding.run(row);
        const d = decisionRow(record);
        sql.insertDecision.run(d.session_id, d.seq, d.action, d.rule_id, d.reason, d.chain, d.payload);
        const a = chainRecord({ head, record, at, recordHash: recordHashWithEvent(record, e.payload) });
        sql.insertAudit.run(a.id, a.at, a.sessionId, a.seq, a.kind, a.action, a.recordHash, a.prevHash, a.hash);
        head = a;
      }
      sql.writeHead.run({ id: head.id, hash: head.hash });
      for (const p of sessionParams(records).values()) sql.upsertSession.run(p);
    });
  }

  /** `BEGIN IMMEDIATE`: the chain head is read and written under the write lock. */
  async events(records: readonly EngineRecord[], at: number): Promise<void> {
    this.#events.immediate(records, at);
  }

  async toolCalls(rows: readonly ToolCallAudit[]): Promise<void> {
    this.#toolCalls(rows);
  }

  async requests(rows: readonly RequestLogEntry[]): Promise<void> {
    this.#requests(rows);
  }

  async llmRequests(rows: readonly LlmRequestRecord[]): Promise<void> {
    this.#llm(rows);
  }

  /** The connection belongs to whoever opened it. */
  async close(): Promise<void> {}
}
