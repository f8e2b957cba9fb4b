import { GatewayError } from '../core/index.js';
import type { Action, EngineRecord, LimitSet, LlmRequestRecord, RequestLogEntry, SpendRecord, ToolCallAudit } from '../core/index.js';
import { canonicalJson, chainRecord, GENESIS_HEAD, recordHash, sha256, verifyChain } from './audit.js';
import type { AuditCheck } from './audit.js';
import type { ApiKeyRecord, CredentialRecord } from './identity-records.js';
import { MemoryIdentityTables } from './memory-identity.js';
import { MemorySpendTable } from './memory-spend.js';
import { clampLimit, MAX_PAGE, MAX_TOOL_PINS } from './store.js';
import type {
  AuditHead,
  CoverageEntry,
  CoverageSighting,
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

/** Most coverage rows held in memory. */
const MAX_COVERAGE = 10_000;

/** Options for `MemoryStore`. */
export interface MemoryStoreOptions {
  /** Most records held (default 100,000); past it the least recently active sessions are dropped. */
  readonly maxRecords?: number | undefined;
  /** The clock that stamps audit entries; injected so tests never sleep. */
  readonly now?: (() => number) | undefined;
}

/** What a `MemoryStore` holds and what it has dropped to stay bounded. */
export interface MemoryStoreStats {
  readonly records: number;
  readonly sessions: number;
  readonly droppedRecords: number;
  readonly droppedSessions: number;
}

interface Bucket {
  readonly id: string;
  agent: string | undefined;
  user: string | undefined;
  startedAt: number;
  lastSeenAt: number;
  lastSeq: number;
  lastAction: Action;
  /** Sorted by `seq`. */
  readonly records: EngineRecord[];
}

/**
 * `Store` in memory, for tests and `--data :memory:`. Bounded: past `maxRecords` it drops the least recently
 * active sessions whole (and, if one session alone is too big, its oldest records), counting what it drops.
 * It keeps the same audit chain as SQLite so `auditVerify` means the same thing; the log is bounded too, and
 * its oldest entries give way to an anchor that the rest chain from.
 */
export class MemoryStore implements Store {
  /** Least recently appended first: a bucket moves to the end on every append. */
  readonly #sessions = new Map<string, Bucket>();
  readonly #maxRecords: number;
  readonly #now: () => number;
  #audit: AuditRow[] = [];
  #calls: ToolCallAudit[] = [];
  readonly #pins = new Map<string, ToolPinRecord>();
  readonly #servers = new Map<string, McpServerRecord>();
  #requests: RequestLogEntry[] = [];
  #llm: LlmRequestRecord[] = [];
  #anchor: AuditHead = GENESIS_HEAD;
  #head: AuditHead | undefined;
  #records = 0;
  #droppedRecords = 0;
  #droppedSessions = 0;
  #closed = false;
  readonly #coverage = new Map<string, CoverageEntry>();
  readonly #identity = new MemoryIdentityTables();
  readonly #spend = new MemorySpendTable();

  constructor(opts: MemoryStoreOptions = {}) {
    this.#maxRecords = Math.max(1, opts.maxRecords ?? 100_000);
    this.#now = opts.now ?? Date.now;
  }

  /** See `Store.append`. All-or-nothing: a duplicate `(sessionId, seq)` rejects the batch before any write. */
  async append(records: readonly EngineRecord[]): Promise<void> {
    this.#assertOpen();
    const seen = new Set<string>();
    for (const { event } of records) {
      const key = `${event.seq}\u0000${event.sessionId}`;
      const bucket = this.#sessions.get(event.sessionId);
      if (seen.has(key) || (bucket !== undefined && find(bucket.records, event.seq) !== undefined)) {
        throw new GatewayError('INTERNAL', `duplicate record ${event.sessionId}#${event.seq}`);
      }
      seen.add(key);
    }
    // Serialize everything before touching state, so a value JSON cannot hold (a bigint) fails the batch whole.
    const jsons = records.map((record) => canonicalJson(record));
    const at = this.#now();
    records.forEach((record, i) => {
      const json = jsons[i] ?? canonicalJson(record);
      // Keep a JSON copy, as SQLite would: callers cannot mutate it afterwards, and reads match SQLite's.
      this.#add(JSON.parse(json) as EngineRecord);
      const entry = chainRecord({ head: this.#head ?? this.#anchor, record, at, recordHash: sha256(json) });
      this.#audit.push(entry);
      this.#head = { id: entry.id, hash: entry.hash };
    });
    this.#trim();
  }

  /** See `Store.appendToolCalls`. Bounded like records: the oldest rows go first. */
  async appendToolCalls(rows: readonly ToolCallAudit[]): Promise<void> {
    this.#assertOpen();
    for (const r of rows) this.#calls.push({ ...r });
    if (this.#calls.length > this.#maxRecords) this.#calls = this.#calls.slice(-this.#maxRecords);
  }

  /** See `Store.toolCalls`. */
  async toolCalls(sessionId: string): Promise<readonly ToolCallAudit[]> {
    this.#assertOpen();
    return this.#calls.filter((r) => r.sessionId === sessionId).slice(0, MAX_PAGE);
  }

  /** See `Store.putToolPin`. */
  async putToolPin(pin: ToolPinRecord): Promise<void> {
    this.#assertOpen();
    this.#pins.set(`${pin.server}/${pin.tool}`, Object.freeze({ ...pin }));
  }

  /** See `Store.appendRequests`. Bounded like records: the oldest rows go first. */
  async appendRequests(rows: readonly RequestLogEntry[]): Promise<void> {
    this.#assertOpen();
    for (const r of rows) this.#requests.push({ ...r });
    if (this.#requests.length > this.#maxRecords) this.#requests = this.#requests.slice(-this.#maxRecords);
  }

  /** See `Store.listRequests`. */
  async listRequests(opts: { readonly limit?: number | undefined; readonly before?: number | undefined } = {}): Promise<readonly RequestLogEntry[]> {
    this.#assertOpen();
    const before = opts.before ?? Number.MAX_SAFE_INTEGER;
    const out: RequestLogEntry[] = [];
    for (let i = this.#requests.length - 1; i >= 0 && out.length < clampLimit(opts.limit); i--) {
      const r = this.#requests[i] as RequestLogEntry;
      if (r.at < before) out.push(r);
    }
    return out.sort((a, b) => b.at - a.at);
  }

  /** See `Store.appendLlmRequests`. Bounded like records: the oldest rows go first. */
  async appendLlmRequests(rows: readonly LlmRequestRecord[]): Promise<void> {
    this.#assertOpen();
    for (const r of rows) this.#llm.push({ ...r });
    if (this.#llm.length > this.#maxRecords) this.#llm = this.#llm.slice(-this.#maxRecords);
  }

  /** See `Store.listLlmRequests`. */
  async listLlmRequests(opts: { readonly limit?: number | undefined; readonly before?: number | undefined } = {}): Promise<readonly LlmRequestRecord[]> {
    this.#assertOpen();
    const before = opts.before ?? Number.MAX_SAFE_INTEGER;
    return this.#llm.filter((r) => r.at < before).sort((a, b) => b.at - a.at).slice(0, clampLimit(opts.limit));
  }

  /** See `Store.putMcpServer`. */
  async putMcpServer(server: McpServerRecord): Promise<void> {
    this.#assertOpen();
    this.#servers.set(server.name, Object.freeze({ ...server }));
  }

  /** See `Store.listMcpServers`. */
  async listMcpServers(): Promise<readonly McpServerRecord[]> {
    this.#assertOpen();
    return [...this.#servers.values()].sort((a, b) => (a.name < b.name ? -1 : 1)).slice(0, MAX_PAGE);
  }

  /** See `Store.deleteMcpServer`. */
  async deleteMcpServer(name: string): Promise<boolean> {
    this.#assertOpen();
    return this.#servers.delete(name);
  }

  /** See `Store.listToolPins`. */
  async listToolPins(): Promise<readonly ToolPinRecord[]> {
    this.#assertOpen();
    return [...this.#pins.values()].sort((a, b) => (a.server === b.server ? (a.tool < b.tool ? -1 : 1) : a.server < b.server ? -1 : 1)).slice(0, MAX_TOOL_PINS);
  }

  /** See `Store.getSession`. */
  async getSession(id: string): Promise<StoredSession | undefined> {
    this.#assertOpen();
    const bucket = this.#sessions.get(id);
    return bucket === undefined ? undefined : toSession(bucket);
  }

  /** See `Store.listSessions`. Sorts every session per call: fine for the sizes memory holds. */
  async listSessions(opts: ListSessionsOptions): Promise<readonly StoredSession[]> {
    this.#assertOpen();
    const { before } = opts;
    return [...this.#sessions.values()]
      .filter((b) => before === undefined || b.lastSeenAt < before.lastSeenAt || (b.lastSeenAt === before.lastSeenAt && b.id < before.id))
      .sort((a, b) => b.lastSeenAt - a.lastSeenAt || (a.id < b.id ? 1 : a.id > b.id ? -1 : 0))
      .slice(0, clampLimit(opts.limit))
      .map(toSession);
  }

  /** See `Store.sessionEvents`. */
  async sessionEvents(sessionId: string, opts: SessionEventsOptions = {}): Promise<readonly StoredRecord[]> {
    this.#assertOpen();
    const records = this.#sessions.get(sessionId)?.records ?? [];
    const start = opts.afterSeq === undefined ? 0 : upperBound(records, opts.afterSeq);
    return records.slice(start, start + clampLimit(opts.limit));
  }

  /** See `Store.auditVerify`. Records missing here were dropped by retention: memory has no file to edit. */
  async auditVerify(): Promise<AuditReport> {
    this.#assertOpen();
    const checks: AuditCheck[] = this.#audit.map((row) => {
      const bucket = this.#sessions.get(row.sessionId);
      const record = bucket === undefined ? undefined : find(bucket.records, row.seq);
      return { row, record: record === undefined ? { state: 'pruned' } : { state: 'present', hash: recordHash(record) } };
    });
    return verifyChain(checks, this.#head, { anchor: this.#anchor });
  }

  /** Drops everything; later calls reject. Idempotent. */
  async close(): Promise<void> {
    this.#closed = true;
    this.#sessions.clear();
    this.#audit = [];
    this.#identity.clear();
    this.#spend.clear();
  }

  /** See `Store.addSpend`. */
  async addSpend(rows: readonly SpendRecord[]): Promise<void> {
    this.#assertOpen();
    this.#spend.add(rows);
  }

  /** See `Store.activeSpend`. */
  async activeSpend(at: number): Promise<readonly SpendRecord[]> {
    this.#assertOpen();
    return this.#spend.active(at);
  }

  /** See `Store.putApiKey`. */
  async putApiKey(key: ApiKeyRecord): Promise<void> {
    this.#assertOpen();
    this.#identity.putApiKey(key);
  }

  /** See `Store.getApiKey`. */
  async getApiKey(id: string): Promise<ApiKeyRecord | undefined> {
    this.#assertOpen();
    return this.#identity.getApiKey(id);
  }

  /** See `Store.listApiKeys`. */
  async listApiKeys(): Promise<readonly ApiKeyRecord[]> {
    this.#assertOpen();
    return this.#identity.listApiKeys();
  }

  /** See `Store.setApiKeyLimits`. */
  async setApiKeyLimits(id: string, team: string | undefined, limits: LimitSet | undefined): Promise<boolean> {
    this.#assertOpen();
    return this.#identity.setApiKeyLimits(id, team, limits);
  }

  /** See `Store.revokeApiKey`. */
  async revokeApiKey(id: string, at: number): Promise<boolean> {
    this.#assertOpen();
    return this.#identity.revokeApiKey(id, at);
  }

  /** See `Store.putCredential`. */
  async putCredential(credential: CredentialRecord): Promise<void> {
    this.#assertOpen();
    this.#identity.putCredential(credential);
  }

  /** See `Store.getCredential`. */
  async getCredential(id: string): Promise<CredentialRecord | undefined> {
    this.#assertOpen();
    return this.#identity.getCredential(id);
  }

  /** See `Store.listCredentials`. */
  async listCredentials(): Promise<readonly CredentialRecord[]> {
    this.#assertOpen();
    return this.#identity.listCredentials();
  }

  /** See `Store.deleteCredential`. */
  async deleteCredential(id: string): Promise<boolean> {
    this.#assertOpen();
    return this.#identity.deleteCredential(id);
  }

  /** What is held and what was dropped to stay within `maxRecords`. */
  get stats(): MemoryStoreStats {
    return {
      records: this.#records,
      sessions: this.#sessions.size,
      droppedRecords: this.#droppedRecords,
      droppedSessions: this.#droppedSessions,
    };
  }

  #add(record: EngineRecord): void {
    const { event, decision } = record;
    let bucket = this.#sessions.get(event.sessionId);
    if (bucket === undefined) {
      bucket = {
        id: event.sessionId,
        agent: undefined,
        user: undefined,
        startedAt: event.at,
        lastSeenAt: event.at,
        lastSeq: event.seq,
        lastAction: decision.action,
        records: [],
      };
    } else {
      this.#sessions.delete(event.sessionId); // re-inserted below: most recently active goes last
    }
    this.#sessions.set(event.sessionId, bucket);
    bucket.agent ??= event.actor.agent;
    bucket.user ??= event.actor.user;
    bucket.startedAt = Math.min(bucket.startedAt, event.at);
    bucket.lastSeenAt = Math.max(bucket.lastSeenAt, event.at);
    if (event.seq >= bucket.lastSeq) {
      bucket.lastSeq = event.seq;
      bucket.lastAction = decision.action;
    }
    bucket.records.splice(upperBound(bucket.records, event.seq), 0, record);
    this.#records++;
  }

  #trim(): void {
    for (const bucket of this.#sessions.values()) {
      if (this.#records <= this.#maxRecords || this.#sessions.size === 1) break;
      this.#sessions.delete(bucket.id);
      this.#records -= bucket.records.length;
      this.#droppedRecords += bucket.records.length;
      this.#droppedSessions++;
    }
    const only = this.#sessions.values().next();
    if (this.#records > this.#maxRecords && only.done !== true) {
      const excess = this.#records - this.#maxRecords;
      only.value.records.splice(0, excess);
      this.#records -= excess;
      this.#droppedRecords += excess;
    }
    const stale = this.#audit.length - this.#maxRecords;
    if (stale > 0) {
      const gone = this.#audit.splice(0, stale).at(-1);
      if (gone !== undefined) this.#anchor = { id: gone.id, hash: gone.hash };
    }
  }

  /** See `Store.recordCoverage`. Bounded like the rest: past `MAX_COVERAGE` rows the stalest gives way. */
  async recordCoverage(sightings: readonly CoverageSighting[]): Promise<void> {
    this.#assertOpen();
    for (const s of sightings) {
      const key = JSON.stringify([s.agent, s.user, s.host]);
      const old = this.#coverage.get(key);
      this.#coverage.set(
        key,
        old === undefined
          ? { ...s }
          : { ...old, firstSeen: Math.min(old.firstSeen, s.firstSeen), lastSeen: Math.max(old.lastSeen, s.lastSeen), events: old.events + s.events },
      );
    }
    while (this.#coverage.size > MAX_COVERAGE) {
      let stalest: [string, CoverageEntry] | undefined;
      for (const e of this.#coverage) if (stalest === undefined || e[1].lastSeen < stalest[1].lastSeen) stalest = e;
      if (stalest === undefined) break;
      this.#coverage.delete(stalest[0]);
    }
  }

  /** See `Store.listCoverage`. */
  async listCoverage(opts: { readonly limit?: number | undefined } = {}): Promise<readonly CoverageEntry[]> {
    this.#assertOpen();
    return [...this.#coverage.values()].sort((a, b) => b.lastSeen - a.lastSeen).slice(0, clampLimit(opts.limit));
  }

  #assertOpen(): void {
    if (this.#closed) throw new GatewayError('UNAVAILABLE', 'store is closed');
  }
}

/** Index of the first record with `seq` greater than `seq` (records sorted by `seq`). */
function upperBound(records: readonly EngineRecord[], seq: number): number {
  let lo = 0;
  let hi = records.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if ((records[mid]?.event.seq ?? Infinity) <= seq) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

function find(records: readonly EngineRecord[], seq: number): EngineRecord | undefined {
  const candidate = records[upperBound(records, seq) - 1];
  return candidate?.event.seq === seq ? candidate : undefined;
}

function toSession(b: Bucket): StoredSession {
  return {
    id: b.id,
    agent: b.agent,
    user: b.user,
    startedAt: b.startedAt,
    lastSeenAt: b.lastSeenAt,
    events: b.records.length,
    lastSeq: b.lastSeq,
    lastAction: b.lastAction,
  };
}
