import Database from 'better-sqlite3';
import { GatewayError } from '../core/index.js';
import type { EngineRecord, LimitSet, LlmRequestRecord, RequestLogEntry, SpendRecord, ToolCallAudit, ToolCallOutcome } from '../core/index.js';
import { recordHash, verifyChain, withProblems } from './audit.js';
import { canThread, ThreadAppends } from './append-thread.js';
import { SqliteAppends, type Appends, type RequestRow, type ToolCallRow } from './sqlite-appends.js';
import type { AuditCheck, RecordState } from './audit.js';
import type { ApiKeyRecord, CredentialRecord } from './identity-records.js';
import { SqliteIdentityTables } from './sqlite-identity.js';
import { SqliteLlmCache } from './sqlite-llm-cache.js';
import { SqliteSpendTable } from './sqlite-spend.js';
import { MIGRATIONS, SCHEMA_VERSION } from './sqlite-schema.js';
import { columnDrift, toRecord } from './sqlite-rows.js';
import type { DecisionRow, EventRow, FindingRow } from './sqlite-rows.js';
import { clampLimit, MAX_PAGE, MAX_TOOL_PINS } from './store.js';
import type {
  CoverageEntry,
  CoverageSighting,
  AuditHead,
  AuditProblem,
  AuditReport,
  AuditRow,
  ListSessionsOptions,
  SessionEventsOptions,
  Store,
  StoredRecord,
  McpServerRecord,
  StoredSession,
  ToolPinRecord,
} from './store.js';

/** Options for `SqliteStore`. */
export interface SqliteStoreOptions {
  /** The database file; created (and migrated) on open. */
  readonly path: string;
  /** The clock that stamps audit entries; injected so tests never sleep. */
  readonly now?: (() => number) | undefined;
  /**
   * Write the audit trail's batches on a worker thread with its own connection, so a batch (inserts, hashes,
   * the commit) never holds the event loop that serves requests. For the server; the CLI writes in-thread.
   */
  readonly appendThread?: boolean | undefined;
  /** The writer thread's module; tests point it elsewhere to see a thread that cannot start. */
  readonly workerUrl?: URL | undefined;
}

interface SessionDbRow {
  readonly id: string;
  readonly agent: string | null;
  readonly user: string | null;
  readonly startedAt: number;
  readonly lastSeenAt: number;
  readonly events: number;
  readonly lastSeq: number;
  readonly lastAction: StoredSession['lastAction'];
}

/** One record of `sessionEvents`, before its findings are joined in. */
interface PageRow {
  readonly seq: number;
  readonly event: string;
  readonly decision: string;
  readonly chain: string | null;
}

const SESSION_COLUMNS =
  'id, agent, user_id AS user, started_at AS startedAt, last_seen_at AS lastSeenAt, events, last_seq AS lastSeq, last_action AS lastAction';
const AUDIT_COLUMNS =
  'id, at, session_id AS sessionId, seq, kind, action, record_hash AS recordHash, prev_hash AS prevHash, hash';
/** Cap on records-without-an-entry listed by one verification; the rest would only repeat the finding. */
const MAX_UNAUDITED = 1000;

function fromToolCallRow(r: ToolCallRow): ToolCallAudit {
  return {
    at: r.at, sessionId: r.session_id, callSeq: r.call_seq, user: r.user_id ?? undefined, agent: r.agent ?? undefined, server: r.server ?? undefined,
    tool: r.tool, args: r.args, outcome: r.outcome as ToolCallOutcome, rule: r.rule_id ?? undefined, resultBytes: r.result_bytes,
    resultSha256: r.result_sha256 ?? undefined, isError: r.is_error === 1, latencyMs: r.latency_ms,
  };
}

interface McpServerRow {
  name: string;
  config: string;
  updated_at: number;
  updated_by: string;
}

interface ToolPinRow {
  server: string;
  tool: string;
  pin: string;
  approved_at: number;
  approved_by: string;
}

/** The statements of reads and of the rare writes, prepared once at open (STYLE.md §5); batched appends are in `SqliteAppends`. */
function prepare(db: Database.Database) {
  return {
    toolCalls: db.prepare<[string, number], ToolCallRow>('SELECT * FROM tool_calls WHERE session_id = ? ORDER BY id LIMIT ?'),
    putToolPin: db.prepare<[ToolPinRow]>(
      `INSERT INTO tool_pins (server, tool, pin, approved_at, approved_by) VALUES (@server, @tool, @pin, @approved_at, @approved_by)
       ON CONFLICT (server, tool) DO UPDATE SET pin = excluded.pin, approved_at = excluded.approved_at, approved_by = excluded.approved_by`,
    ),
    listToolPins: db.prepare<[number], ToolPinRow>('SELECT * FROM tool_pins ORDER BY server, tool LIMIT ?'),
    putMcpServer: db.prepare<[McpServerRow]>(
      `INSERT INTO mcp_servers (name, config, updated_at, updated_by) VALUES (@name, @config, @updated_at, @updated_by)
       ON CONFLICT (name) DO UPDATE SET config = excluded.config, updated_at = excluded.updated_at, updated_by = excluded.updated_by`,
    ),
    listRequests: db.prepare<[number, number], RequestRow>('SELECT * FROM requests WHERE at < ? ORDER BY at DESC, id DESC LIMIT ?'),
    listLlmRequests: db.prepare<[number, number], { record: string }>('SELECT record FROM llm_requests WHERE at < ? ORDER BY at DESC, id DESC LIMIT ?'),
    listMcpServers: db.prepare<[number], McpServerRow>('SELECT * FROM mcp_servers ORDER BY name LIMIT ?'),
    deleteMcpServer: db.prepare<[string]>('DELETE FROM mcp_servers WHERE name = ?'),
    readHead: db.prepare<[], AuditHead>('SELECT last_id AS id, hash FROM audit_head WHERE one = 1'),
    getSession: db.prepare<[string], SessionDbRow>(`SELECT ${SESSION_COLUMNS} FROM sessions WHERE id = ?`),
    listSessions: db.prepare<[number], SessionDbRow>(`SELECT ${SESSION_COLUMNS} FROM sessions ORDER BY last_seen_at DESC, id DESC LIMIT ?`),
    listSessionsBefore: db.prepare<[number, number, string, number], SessionDbRow>(
      `SELECT ${SESSION_COLUMNS} FROM sessions WHERE last_seen_at < ? OR (last_seen_at = ? AND id < ?)
       ORDER BY last_seen_at DESC, id DESC LIMIT ?`,
    ),
    recordsPage: db.prepare<[string, number, number], PageRow>(
      `SELECT e.seq, e.payload AS event, d.payload AS decision, d.chain FROM events e
       JOIN decisions d ON d.session_id = e.session_id AND d.seq = e.seq
       WHERE e.session_id = ? AND e.seq > ? ORDER BY e.seq LIMIT ?`,
    ),
    findingsRange: db.prepare<[string, number, number], FindingRow>(
      'SELECT * FROM findings WHERE session_id = ? AND seq > ? AND seq <= ? ORDER BY seq, idx',
    ),
    auditRows: db.prepare<[], AuditRow>(`SELECT ${AUDIT_COLUMNS} FROM audit ORDER BY id`),
    event: db.prepare<[string, number], EventRow>('SELECT * FROM events WHERE session_id = ? AND seq = ?'),
    decision: db.prepare<[string, number], DecisionRow>('SELECT * FROM decisions WHERE session_id = ? AND seq = ?'),
    findings: db.prepare<[string, number], FindingRow>('SELECT * FROM findings WHERE session_id = ? AND seq = ? ORDER BY idx'),
    upsertCoverage: db.prepare<[CoverageSighting]>(
      `INSERT INTO coverage (agent, user_id, host, first_seen, last_seen, events)
       VALUES (@agent, @user, @host, @firstSeen, @lastSeen, @events)
       ON CONFLICT (agent, user_id, host) DO UPDATE SET
         first_seen = MIN(coverage.first_seen, excluded.first_seen),
         last_seen = MAX(coverage.last_seen, excluded.last_seen),
         events = coverage.events + excluded.events`,
    ),
    listCoverage: db.prepare<[number], CoverageEntry>(
      `SELECT agent, user_id AS user, host, first_seen AS firstSeen, last_seen AS lastSeen, events
       FROM coverage ORDER BY last_seen DESC, agent, user_id, host LIMIT ?`,
    ),
    unaudited: db.prepare<[number], { readonly sessionId: string; readonly seq: number }>(
      `SELECT e.session_id AS sessionId, e.seq FROM events e
       WHERE NOT EXISTS (SELECT 1 FROM audit a WHERE a.session_id = e.session_id AND a.seq = e.seq) LIMIT ?`,
    ),
  };
}

/**
 * Per-connection settings: WAL so readers never block the writer, `synchronous=NORMAL` (safe with WAL: a
 * power loss can lose the last commits, never corrupt the file), and a busy timeout because another process
 * (the CLI's verify, a second server) may hold the write lock briefly.
 */
export function applyPragmas(db: Database.Database): void {
  db.pragma('journal_mode = WAL');
  db.pragma('synchronous = NORMAL');
  db.pragma('busy_timeout = 5000');
}

/** Brings the file to `SCHEMA_VERSION`, refusing a file written by a newer Rampart. */
function migrate(db: Database.Database): void {
  db.exec('CREATE TABLE IF NOT EXISTS schema_version (version INTEGER NOT NULL)');
  const read = db.prepare<[], { readonly version: number }>('SELECT version FROM schema_version');
  db.transaction(() => {
    const row = read.get();
    const current = row?.version ?? 0;
    if (current > SCHEMA_VERSION) {
      throw new GatewayError('INTERNAL', `database schema version ${current} is newer than this build supports (${SCHEMA_VERSION})`);
    }
    MIGRATIONS.slice(current).forEach((sql) => db.exec(sql));
    if (row === undefined) db.prepare('INSERT INTO schema_version (version) VALUES (?)').run(SCHEMA_VERSION);
    else if (current !== SCHEMA_VERSION) db.prepare('UPDATE schema_version SET version = ?').run(SCHEMA_VERSION);
  }).immediate();
}

/**
 * The embedded default store: one SQLite file via better-sqlite3 (synchronous, so each method resolves at
 * once; the batch writer keeps it off the request path), migrated on open, statements prepared once.
 */
export class SqliteStore implements Store {
  readonly #db: Database.Database;
  readonly #now: () => number;
  readonly #sql: ReturnType<typeof prepare>;
  readonly #identity: SqliteIdentityTables;
  readonly #spend: SqliteSpendTable;
  /** Where batches of audit rows go: this connection, or a worker thread's own (`appendThread`). */
  readonly #appends: Appends;

  constructor(opts: SqliteStoreOptions) {
    this.#now = opts.now ?? Date.now;
    this.#db = new Database(opts.path);
    try {
      applyPragmas(this.#db);
      migrate(this.#db);
      this.#sql = prepare(this.#db);
      this.#identity = new SqliteIdentityTables(this.#db);
      this.#spend = new SqliteSpendTable(this.#db);
    } catch (error) {
      this.#db.close();
      throw error;
    }
    const inThread = (): Appends => new SqliteAppends(this.#db);
    this.#appends = opts.appendThread === true && canThread() ? new ThreadAppends(opts.path, inThread, opts.workerUrl) : inThread();
  }

  /** Writes one batch in one `BEGIN IMMEDIATE` transaction; see `Store.append`. */
  async append(records: readonly EngineRecord[]): Promise<void> {
    if (records.length === 0) return;
    await this.#appends.events(records, this.#now());
  }

  /** See `Store.appendToolCalls`: one transaction per batch. */
  async appendToolCalls(rows: readonly ToolCallAudit[]): Promise<void> {
    if (rows.length === 0) return;
    await this.#appends.toolCalls(rows);
  }

  /** See `Store.toolCalls`. */
  async toolCalls(sessionId: string): Promise<readonly ToolCallAudit[]> {
    return this.#sql.toolCalls.all(sessionId, MAX_PAGE).map(fromToolCallRow);
  }

  /** See `Store.putToolPin`. */
  async putToolPin(p: ToolPinRecord): Promise<void> {
    this.#sql.putToolPin.run({ server: p.server, tool: p.tool, pin: p.pin, approved_at: p.approvedAt, approved_by: p.approvedBy });
  }

  /** See `Store.appendRequests`: one transaction per batch. */
  async appendRequests(rows: readonly RequestLogEntry[]): Promise<void> {
    if (rows.length === 0) return;
    await this.#appends.requests(rows);
  }

  /** See `Store.listRequests`. */
  async listRequests(opts: { readonly limit?: number | undefined; readonly before?: number | undefined } = {}): Promise<readonly RequestLogEntry[]> {
    return this.#sql.listRequests.all(opts.before ?? Number.MAX_SAFE_INTEGER, clampLimit(opts.limit)).map((r) => ({
      at: r.at, requestId: r.request_id, method: r.method, route: r.route, path: r.path, status: r.status,
      user: r.user_id ?? undefined, sessionId: r.session_id ?? undefined, remote: r.remote ?? undefined, latencyMs: r.latency_ms,
    }));
  }

  /** See `Store.appendLlmRequests`: one transaction per batch. */
  async appendLlmRequests(rows: readonly LlmRequestRecord[]): Promise<void> {
    if (rows.length === 0) return;
    await this.#appends.llmRequests(rows);
  }

  /** See `Store.listLlmRequests`. */
  async listLlmRequests(opts: { readonly limit?: number | undefined; readonly before?: number | undefined } = {}): Promise<readonly LlmRequestRecord[]> {
    return this.#sql.listLlmRequests.all(opts.before ?? Number.MAX_SAFE_INTEGER, clampLimit(opts.limit)).map((r) => JSON.parse(r.record) as LlmRequestRecord);
  }

  /** See `Store.putMcpServer`. */
  async putMcpServer(s: McpServerRecord): Promise<void> {
    this.#sql.putMcpServer.run({ name: s.name, config: s.config, updated_at: s.updatedAt, updated_by: s.updatedBy });
  }

  /** See `Store.listMcpServers`. */
  async listMcpServers(): Promise<readonly McpServerRecord[]> {
    return this.#sql.listMcpServers.all(MAX_PAGE).map((r) => ({ name: r.name, config: r.config, updatedAt: r.updated_at, updatedBy: r.updated_by }));
  }

  /** See `Store.deleteMcpServer`. */
  async deleteMcpServer(name: string): Promise<boolean> {
    return this.#sql.deleteMcpServer.run(name).changes > 0;
  }

  /** See `Store.listToolPins`. */
  async listToolPins(): Promise<readonly ToolPinRecord[]> {
    return this.#sql.listToolPins.all(MAX_TOOL_PINS).map((r) => ({ server: r.server, tool: r.tool, pin: r.pin, approvedAt: r.approved_at, approvedBy: r.approved_by }));
  }

  /** See `Store.getSession`. */
  async getSession(id: string): Promise<StoredSession | undefined> {
    const row = this.#sql.getSession.get(id);
    return row === undefined ? undefined : toSession(row);
  }

  /** See `Store.listSessions`. */
  async listSessions(opts: ListSessionsOptions): Promise<readonly StoredSession[]> {
    const limit = clampLimit(opts.limit);
    const { before } = opts;
    const rows =
      before === undefined
        ? this.#sql.listSessions.all(limit)
        : this.#sql.listSessionsBefore.all(before.lastSeenAt, before.lastSeenAt, before.id, limit);
    return rows.map(toSession);
  }

  /** See `Store.sessionEvents`: one query for the records, one for all their findings. */
  async sessionEvents(sessionId: string, opts: SessionEventsOptions = {}): Promise<readonly StoredRecord[]> {
    const after = opts.afterSeq ?? Number.MIN_SAFE_INTEGER;
    const rows = this.#sql.recordsPage.all(sessionId, after, clampLimit(opts.limit));
    const last = rows.at(-1);
    if (last === undefined) return [];
    const bySeq = new Map<number, FindingRow[]>();
    for (const f of this.#sql.findingsRange.all(sessionId, after, last.seq)) {
      const list = bySeq.get(f.seq);
      if (list === undefined) bySeq.set(f.seq, [f]);
      else list.push(f);
    }
    return rows.map((r) => toRecord({ event: r.event, decision: { chain: r.chain, payload: r.decision }, findings: bySeq.get(r.seq) ?? [] }));
  }

  /**
   * Rebuilds every audited record from the tables, re-hashes it, and walks the chain (see `verifyChain`).
   * Also reports index columns that drifted from their payload and records that no entry audits. Reads the
   * whole log: an offline operation, not for the request path.
   */
  async auditVerify(): Promise<AuditReport> {
    const sql = this.#sql;
    const extra: AuditProblem[] = [];
    const checks: AuditCheck[] = [];
    for (const row of sql.auditRows.iterate()) {
      checks.push({ row, record: this.#recordState(row, extra) });
    }
    for (const { sessionId, seq } of sql.unaudited.all(MAX_UNAUDITED)) {
      extra.push({ id: null, kind: 'inserted', message: `record ${sessionId}#${seq} has no audit entry (forged, or its entry was deleted)` });
    }
    return withProblems(verifyChain(checks, sql.readHead.get()), extra);
  }

  /** See `Store.recordCoverage`: one transaction for the batch. */
  async recordCoverage(sightings: readonly CoverageSighting[]): Promise<void> {
    if (sightings.length === 0) return;
    this.#db.transaction((rows: readonly CoverageSighting[]) => {
      for (const r of rows) this.#sql.upsertCoverage.run(r);
    }).immediate(sightings);
  }

  /** See `Store.listCoverage`. */
  async listCoverage(opts: { readonly limit?: number | undefined } = {}): Promise<readonly CoverageEntry[]> {
    return this.#sql.listCoverage.all(clampLimit(opts.limit));
  }

  /** Closes the database. Idempotent. */
  /** The LLM response cache in this database (`llm.cache.store: sqlite`). */
  llmCache(opts: { readonly maxBytes: number }): SqliteLlmCache {
    return new SqliteLlmCache(this.#db, opts);
  }

  async close(): Promise<void> {
    await this.#appends.close();
    if (this.#db.open) this.#db.close();
  }

  /** See `Store.addSpend`: one transaction per batch. */
  async addSpend(rows: readonly SpendRecord[]): Promise<void> {
    this.#spend.add(rows);
  }

  /** See `Store.activeSpend`. */
  async activeSpend(at: number): Promise<readonly SpendRecord[]> {
    return this.#spend.active(at);
  }

  /** See `Store.putApiKey`. */
  async putApiKey(key: ApiKeyRecord): Promise<void> {
    this.#identity.putApiKey(key);
  }

  /** See `Store.getApiKey`. */
  async getApiKey(id: string): Promise<ApiKeyRecord | undefined> {
    return this.#identity.getApiKey(id);
  }

  /** See `Store.listApiKeys`. */
  async listApiKeys(): Promise<readonly ApiKeyRecord[]> {
    return this.#identity.listApiKeys();
  }

  /** See `Store.setApiKeyLimits`. */
  async setApiKeyLimits(id: string, team: string | undefined, limits: LimitSet | undefined): Promise<boolean> {
    return this.#identity.setApiKeyLimits(id, team, limits);
  }

  /** See `Store.revokeApiKey`. */
  async revokeApiKey(id: string, at: number): Promise<boolean> {
    return this.#identity.revokeApiKey(id, at);
  }

  /** See `Store.putCredential`. */
  async putCredential(credential: CredentialRecord): Promise<void> {
    this.#identity.putCredential(credential);
  }

  /** See `Store.getCredential`. */
  async getCredential(id: string): Promise<CredentialRecord | undefined> {
    return this.#identity.getCredential(id);
  }

  /** See `Store.listCredentials`. */
  async listCredentials(): Promise<readonly CredentialRecord[]> {
    return this.#identity.listCredentials();
  }

  /** See `Store.deleteCredential`. */
  async deleteCredential(id: string): Promise<boolean> {
    return this.#identity.deleteCredential(id);
  }

  #recordState(row: AuditRow, extra: AuditProblem[]): RecordState {
    const event = this.#sql.event.get(row.sessionId, row.seq);
    const decision = this.#sql.decision.get(row.sessionId, row.seq);
    if (event === undefined || decision === undefined) return { state: 'missing' };
    let record: EngineRecord;
    try {
      record = toRecord({ event: event.payload, decision, findings: this.#sql.findings.all(row.sessionId, row.seq) });
    } catch {
      // A payload that no longer parses was edited by hand: report it as a changed record.
      return { state: 'present', hash: '' };
    }
    const drift = columnDrift(record, { event, decision });
    if (drift.length > 0) {
      const message = `columns ${drift.join(', ')} of ${row.sessionId}#${row.seq} disagree with the stored record`;
      extra.push({ id: row.id, kind: 'altered', message });
    }
    return { state: 'present', hash: recordHash(record) };
  }
}

function toSession(row: SessionDbRow): StoredSession {
  return {
    id: row.id,
    agent: row.agent ?? undefined,
    user: row.user ?? undefined,
    startedAt: row.startedAt,
    lastSeenAt: row.lastSeenAt,
    events: row.events,
    lastSeq: row.lastSeq,
    lastAction: row.lastAction,
  };
}
