import type { Action, EngineRecord, LimitSet, LlmRequestRecord, RequestLogEntry, SpendRecord, ToolCallAudit, ToolPinRecord } from '../core/index.js';
import type { ApiKeyRecord, CredentialRecord } from './identity-records.js';

export type { ApiKeyRecord, CredentialRecord } from './identity-records.js';
export type { ToolPinRecord } from '../core/index.js';

/**
 * The store contract: what the server, the console and the CLI read and write, whatever holds the data.
 * Every method is async so a PostgreSQL store can follow with no change to callers (DESIGN.md §4); the
 * embedded stores (SQLite, memory) simply resolve at once.
 */
export interface Store {
  /**
   * Writes one batch atomically: upserts the sessions, inserts events, findings and decisions, and appends
   * one audit entry per record. Rejects (and writes nothing) when any record cannot be stored, e.g. a
   * duplicate `(sessionId, seq)`. Callers on the request path go through `BatchWriter`, never here.
   */
  append(records: readonly EngineRecord[]): Promise<void>;
  /** One session's summary, or `undefined` when it was never stored (or was dropped by retention). */
  getSession(id: string): Promise<StoredSession | undefined>;
  /** Sessions by most recent activity, newest first; page with `before` set from the last row returned. */
  listSessions(opts: ListSessionsOptions): Promise<readonly StoredSession[]>;
  /** A session's records in `seq` order, at most `limit` (default and cap `MAX_PAGE`) after `afterSeq`. */
  sessionEvents(sessionId: string, opts?: SessionEventsOptions): Promise<readonly StoredRecord[]>;
  /**
   * Notes who sent hook events: one row per (agent, user, host), its first and last sighting and a count.
   * Callers coalesce sightings in memory and flush them off the request path.
   */
  recordCoverage(sightings: readonly CoverageSighting[]): Promise<void>;
  /** Coverage rows, most recently seen first, at most `limit` (clamped to `MAX_PAGE`). */
  listCoverage(opts?: { readonly limit?: number | undefined }): Promise<readonly CoverageEntry[]>;
  /** Appends MCP tool-call audit rows (issue 4 §7); callers go through `CallWriter`. */
  appendToolCalls(rows: readonly ToolCallAudit[]): Promise<void>;
  /** A session's tool-call audit rows, oldest first, at most `MAX_PAGE`. */
  toolCalls(sessionId: string): Promise<readonly ToolCallAudit[]>;
  /** Appends HTTP request log rows; callers go through `RequestLogWriter`. */
  appendRequests(rows: readonly RequestLogEntry[]): Promise<void>;
  /** Request log rows, newest first, at most `limit` (clamped to `MAX_PAGE`), older than `before` (epoch ms) if given. */
  listRequests(opts?: { readonly limit?: number | undefined; readonly before?: number | undefined }): Promise<readonly RequestLogEntry[]>;
  /** Appends LLM request records; callers go through `LlmRequestWriter`. */
  appendLlmRequests(rows: readonly LlmRequestRecord[]): Promise<void>;
  /** LLM request records, newest first, at most `limit` (clamped to `MAX_PAGE`), older than `before` if given. */
  listLlmRequests(opts?: { readonly limit?: number | undefined; readonly before?: number | undefined }): Promise<readonly LlmRequestRecord[]>;
  /** Adds settled spend to each row's (scope, window) total; callers go through `SpendWriter`. */
  addSpend(rows: readonly SpendRecord[]): Promise<void>;
  /**
   * Spend totals whose window is still open at `at` (or never closes), at most `MAX_SPEND_ROWS`: read once at
   * startup so budgets survive a restart without a store read per request.
   */
  activeSpend(at: number): Promise<readonly SpendRecord[]>;
  /** Re-walks the audit chain against the stored records; never throws for tampering, reports it. */
  auditVerify(): Promise<AuditReport>;
  /** Releases the underlying handle. Idempotent; other calls after `close` reject. */
  close(): Promise<void>;

  /** Stores a new API key row (its hash, never the key). Rejects when the id exists. */
  putApiKey(key: ApiKeyRecord): Promise<void>;
  /** One API key row by its public id, revoked or not. */
  getApiKey(id: string): Promise<ApiKeyRecord | undefined>;
  /** Every API key row, newest first, at most `MAX_PAGE`. */
  listApiKeys(): Promise<readonly ApiKeyRecord[]>;
  /** Replaces a key's team and limits; false when there is no such key. */
  setApiKeyLimits(id: string, team: string | undefined, limits: LimitSet | undefined): Promise<boolean>;
  /** Marks a key revoked at `at`; false when there is no such key or it was already revoked. */
  revokeApiKey(id: string, at: number): Promise<boolean>;

  /** Inserts or replaces one encrypted credential (keeps the first `createdAt`). */
  putCredential(credential: CredentialRecord): Promise<void>;
  /** One encrypted credential by id. */
  getCredential(id: string): Promise<CredentialRecord | undefined>;
  /** Every encrypted credential, by id, at most `MAX_PAGE`. */
  listCredentials(): Promise<readonly CredentialRecord[]>;
  /** Deletes one credential; false when there was none. */
  deleteCredential(id: string): Promise<boolean>;

  /** Records the approved definition hash of one MCP tool (inserts or replaces). */
  putToolPin(pin: ToolPinRecord): Promise<void>;
  /** Every approved tool pin, at most `MAX_TOOL_PINS`. */
  listToolPins(): Promise<readonly ToolPinRecord[]>;

  /** Stores (or replaces) an MCP server registered through the admin API. */
  putMcpServer(server: McpServerRecord): Promise<void>;
  /** Every MCP server registered through the admin API, by name, at most `MAX_PAGE`. */
  listMcpServers(): Promise<readonly McpServerRecord[]>;
  /** Removes one; false when there was none. */
  deleteMcpServer(name: string): Promise<boolean>;
}

/** An MCP server registered through the admin API (servers in the configuration file are not stored). */
export interface McpServerRecord {
  readonly name: string;
  /** The server's entry as JSON, in the configuration's own shape (validated again when loaded). */
  readonly config: string;
  readonly updatedAt: number;
  readonly updatedBy: string;
}

/** Most spend rows `activeSpend` returns: one per budget scope and window, so bounded by keys, users and teams. */
export const MAX_SPEND_ROWS = 200_000;

/** Most tool pins a store returns: as many tools as the engine's catalog holds. */
export const MAX_TOOL_PINS = 10_000;

/** Hook events seen from one agent, user and host since the last flush. */
export interface CoverageSighting {
  readonly agent: string;
  readonly user: string;
  readonly host: string;
  /** First and last time seen in this batch (epoch ms), and how many events. */
  readonly firstSeen: number;
  readonly lastSeen: number;
  readonly events: number;
}

/** One row of coverage: who is routed through Rampart, from which machine, and when last. */
export type CoverageEntry = CoverageSighting;

/** The most rows one read returns: reads are bounded like everything else (STYLE.md §5). */
export const MAX_PAGE = 1000;

/** A keyset cursor for `listSessions`: the `lastSeenAt` and `id` of the last session of the previous page. */
export interface SessionCursor {
  readonly lastSeenAt: number;
  readonly id: string;
}

/** Options for `Store.listSessions`. `limit` is clamped to `[0, MAX_PAGE]`. */
export interface ListSessionsOptions {
  readonly limit: number;
  /** Only sessions strictly older than this cursor (by `lastSeenAt`, then `id`). */
  readonly before?: SessionCursor | undefined;
}

/** Options for `Store.sessionEvents`. */
export interface SessionEventsOptions {
  /** Only records with `seq` greater than this. */
  readonly afterSeq?: number | undefined;
  /** Clamped to `[0, MAX_PAGE]`; defaults to `MAX_PAGE`. */
  readonly limit?: number | undefined;
}

/** A session as stored: a summary kept current by every `append`. */
export interface StoredSession {
  readonly id: string;
  /** The first agent and user any of its events named. */
  readonly agent: string | undefined;
  readonly user: string | undefined;
  readonly startedAt: number;
  readonly lastSeenAt: number;
  /** How many records the store holds for it. */
  readonly events: number;
  /** The highest `seq` stored, so an engine that restarts can resume numbering without a conflict. */
  readonly lastSeq: number;
  /** The decision on the most recent event. */
  readonly lastAction: Action;
}

/**
 * A record as read back. JSON round-trips drop keys whose value was `undefined`; readers treat a missing
 * key and `undefined` alike, and so does the audit hash (see `canonicalJson`).
 */
export type StoredRecord = EngineRecord;

/** The position of the newest audit entry: kept apart from the log so that a deleted tail shows. */
export interface AuditHead {
  readonly id: number;
  readonly hash: string;
}

/**
 * One audit entry, as stored. `kind` and `action` are plain strings: they are read back from a file that an
 * attacker may have edited, and only `verifyChain` vouches for them.
 */
export interface AuditRow {
  readonly id: number;
  /** When the store wrote the entry (epoch ms), not when the event happened. */
  readonly at: number;
  readonly sessionId: string;
  readonly seq: number;
  readonly kind: string;
  readonly action: string;
  /** SHA-256 of the canonical JSON of the whole record (event, findings, decision). */
  readonly recordHash: string;
  readonly prevHash: string;
  readonly hash: string;
}

/** What an audit check found. `id` is the audit entry concerned, `null` for a record with no entry. */
export interface AuditProblem {
  readonly id: number | null;
  readonly kind: AuditProblemKind;
  readonly message: string;
}

/** Ways the log can have been tampered with. */
export const AUDIT_PROBLEM_KINDS = ['altered', 'inserted', 'deleted', 'reordered', 'truncated'] as const;
export type AuditProblemKind = (typeof AUDIT_PROBLEM_KINDS)[number];

/** The result of `Store.auditVerify`. `checked` counts audit entries walked. */
export interface AuditReport {
  readonly ok: boolean;
  readonly checked: number;
  readonly problems: readonly AuditProblem[];
}

/** Clamps a caller's page size to `[0, MAX_PAGE]`; non-numbers become `MAX_PAGE`. */
export function clampLimit(limit: number | undefined): number {
  if (limit === undefined || Number.isNaN(limit)) return MAX_PAGE;
  return Math.max(0, Math.min(MAX_PAGE, Math.floor(limit)));
}
