/**
 * The SQLite schema as an ordered list of migrations: entry `i` takes the database from version `i` to
 * `i + 1`. Append new migrations; never edit one that has shipped.
 *
 * Payload columns hold canonical JSON and are the source of truth; the scalar columns beside them are
 * indexes for the console, and `auditVerify` cross-checks them against the payload. The `audit` table is
 * append-only through triggers; an attacker with the file can drop them, which is why the chain exists.
 */
export const MIGRATIONS: readonly string[] = [
  `
  CREATE TABLE sessions (
    id            TEXT PRIMARY KEY,
    agent         TEXT,
    user_id       TEXT,
    started_at    INTEGER NOT NULL,
    last_seen_at  INTEGER NOT NULL,
    events        INTEGER NOT NULL,
    last_seq      INTEGER NOT NULL,
    last_action   TEXT NOT NULL
  );
  CREATE INDEX sessions_recent ON sessions (last_seen_at DESC, id DESC);

  CREATE TABLE events (
    session_id  TEXT NOT NULL,
    seq         INTEGER NOT NULL,
    id          TEXT NOT NULL,
    kind        TEXT NOT NULL,
    at          INTEGER NOT NULL,
    source      TEXT NOT NULL,
    tool        TEXT,
    payload     TEXT NOT NULL,
    PRIMARY KEY (session_id, seq)
  ) WITHOUT ROWID;

  CREATE TABLE findings (
    session_id  TEXT NOT NULL,
    seq         INTEGER NOT NULL,
    idx         INTEGER NOT NULL,
    detector    TEXT NOT NULL,
    kind        TEXT NOT NULL,
    severity    TEXT NOT NULL,
    message     TEXT NOT NULL,
    arg         TEXT,
    span_start  INTEGER,
    span_end    INTEGER,
    excerpt     TEXT,
    PRIMARY KEY (session_id, seq, idx)
  ) WITHOUT ROWID;
  CREATE INDEX findings_kind ON findings (kind);

  -- payload: the decision without its chain (kept in its own column) and without its findings when they
  -- are the record's own (kept in the findings table).
  CREATE TABLE decisions (
    session_id  TEXT NOT NULL,
    seq         INTEGER NOT NULL,
    action      TEXT NOT NULL,
    rule_id     TEXT,
    reason      TEXT,
    chain       TEXT,
    payload     TEXT NOT NULL,
    PRIMARY KEY (session_id, seq)
  ) WITHOUT ROWID;
  CREATE INDEX decisions_rule ON decisions (rule_id) WHERE rule_id IS NOT NULL;

  CREATE TABLE audit (
    id           INTEGER PRIMARY KEY,
    at           INTEGER NOT NULL,
    session_id   TEXT NOT NULL,
    seq          INTEGER NOT NULL,
    kind         TEXT NOT NULL,
    action       TEXT NOT NULL,
    record_hash  TEXT NOT NULL,
    prev_hash    TEXT NOT NULL,
    hash         TEXT NOT NULL
  );
  CREATE INDEX audit_record ON audit (session_id, seq);

  -- One row (id = 1): the newest entry, updated in the same transaction, so a deleted tail shows.
  CREATE TABLE audit_head (
    one      INTEGER PRIMARY KEY CHECK (one = 1),
    last_id  INTEGER NOT NULL,
    hash     TEXT NOT NULL
  );

  CREATE TRIGGER audit_no_update BEFORE UPDATE ON audit BEGIN SELECT RAISE(ABORT, 'audit is append-only'); END;
  CREATE TRIGGER audit_no_delete BEFORE DELETE ON audit BEGIN SELECT RAISE(ABORT, 'audit is append-only'); END;
  CREATE TRIGGER audit_head_no_delete BEFORE DELETE ON audit_head BEGIN SELECT RAISE(ABORT, 'audit head cannot be deleted'); END;
  -- Records are immutable once written; retention, when it comes, will delete whole sessions.
  CREATE TRIGGER events_no_update BEFORE UPDATE ON events BEGIN SELECT RAISE(ABORT, 'events are immutable'); END;
  CREATE TRIGGER findings_no_update BEFORE UPDATE ON findings BEGIN SELECT RAISE(ABORT, 'findings are immutable'); END;
  CREATE TRIGGER decisions_no_update BEFORE UPDATE ON decisions BEGIN SELECT RAISE(ABORT, 'decisions are immutable'); END;
  `,
  // 2: hook coverage, one row per (agent, user, host). Mutable by design: it is a summary, not the audit.
  `
  CREATE TABLE coverage (
    agent       TEXT NOT NULL,
    user_id     TEXT NOT NULL,
    host        TEXT NOT NULL,
    first_seen  INTEGER NOT NULL,
    last_seen   INTEGER NOT NULL,
    events      INTEGER NOT NULL,
    PRIMARY KEY (agent, user_id, host)
  ) WITHOUT ROWID;
  CREATE INDEX coverage_recent ON coverage (last_seen DESC);
  `,
  // 3: identity and the credential vault. `hash` is SHA-256 of an API key, never the key; `ciphertext` is
  // AES-256-GCM with the record's id and owner as additional data (see identity/ and secrets/).
  `
  CREATE TABLE api_keys (
    id          TEXT PRIMARY KEY,
    hash        TEXT NOT NULL,
    user_id     TEXT NOT NULL,
    groups      TEXT NOT NULL,
    scopes      TEXT,
    name        TEXT,
    created_at  INTEGER NOT NULL,
    expires_at  INTEGER,
    revoked_at  INTEGER
  ) WITHOUT ROWID;

  CREATE TABLE credentials (
    id          TEXT PRIMARY KEY,
    server      TEXT NOT NULL,
    owner       TEXT NOT NULL,
    key_id      TEXT NOT NULL,
    nonce       TEXT NOT NULL,
    ciphertext  TEXT NOT NULL,
    created_at  INTEGER NOT NULL,
    updated_at  INTEGER NOT NULL
  ) WITHOUT ROWID;
  `,
  // 4: MCP tool-call audit (issue 4 §7), one row per call; `call_seq` is the tool.call record it belongs to.
  `
  CREATE TABLE tool_calls (
    id             INTEGER PRIMARY KEY,
    at             INTEGER NOT NULL,
    session_id     TEXT NOT NULL,
    call_seq       INTEGER NOT NULL,
    user_id        TEXT,
    agent          TEXT,
    server         TEXT,
    tool           TEXT NOT NULL,
    args           TEXT NOT NULL,
    outcome        TEXT NOT NULL,
    rule_id        TEXT,
    result_bytes   INTEGER NOT NULL,
    result_sha256  TEXT,
    is_error       INTEGER NOT NULL,
    latency_ms     REAL NOT NULL
  );
  CREATE INDEX tool_calls_session ON tool_calls (session_id, call_seq);
  CREATE TRIGGER tool_calls_no_update BEFORE UPDATE ON tool_calls BEGIN SELECT RAISE(ABORT, 'tool calls are append-only'); END;
  `,
  // 5: approved MCP tool definitions (pins), so a rug pull made while the gateway was down is still caught.
  `
  CREATE TABLE tool_pins (
    server       TEXT NOT NULL,
    tool         TEXT NOT NULL,
    pin          TEXT NOT NULL,
    approved_at  INTEGER NOT NULL,
    approved_by  TEXT NOT NULL,
    PRIMARY KEY (server, tool)
  ) WITHOUT ROWID;
  `,
  // 6: MCP servers registered through the admin API (the configuration file's own are not stored).
  `
  CREATE TABLE mcp_servers (
    name        TEXT PRIMARY KEY,
    config      TEXT NOT NULL,
    updated_at  INTEGER NOT NULL,
    updated_by  TEXT NOT NULL
  ) WITHOUT ROWID;
  `,
  // 7: every HTTP request the gateway answered, rejected ones included (no bodies, no credentials).
  `
  CREATE TABLE requests (
    id          INTEGER PRIMARY KEY,
    at          INTEGER NOT NULL,
    request_id  TEXT NOT NULL,
    method      TEXT NOT NULL,
    route       TEXT NOT NULL,
    path        TEXT NOT NULL,
    status      INTEGER NOT NULL,
    user_id     TEXT,
    session_id  TEXT,
    remote      TEXT,
    latency_ms  REAL NOT NULL
  );
  CREATE INDEX requests_at ON requests (at);
  CREATE TRIGGER requests_no_update BEFORE UPDATE ON requests BEGIN SELECT RAISE(ABORT, 'the request log is append-only'); END;
  `,
  // 8: one row per model request served by the LLM gateway: who, which model where, latency, tokens, cost.
  // The record is stored as JSON next to the columns a query filters on.
  `
  CREATE TABLE llm_requests (
    id          INTEGER PRIMARY KEY,
    at          INTEGER NOT NULL,
    user_id     TEXT,
    session_id  TEXT,
    model       TEXT NOT NULL,
    provider    TEXT,
    status      INTEGER NOT NULL,
    cost_usd    REAL,
    record      TEXT NOT NULL
  );
  CREATE INDEX llm_requests_at ON llm_requests (at);
  CREATE TRIGGER llm_requests_no_update BEFORE UPDATE ON llm_requests BEGIN SELECT RAISE(ABORT, 'the LLM request log is append-only'); END;
  `,
  // 9: keys and money (issue 5 §3). A key's team and limits (JSON, see core/limits.ts); settled spend per
  // budget scope and window, in nano-dollars, added to by upserts (a summary, not an audit: llm_requests is).
  `
  ALTER TABLE api_keys ADD COLUMN team TEXT;
  ALTER TABLE api_keys ADD COLUMN limits TEXT;

  CREATE TABLE spend (
    scope         TEXT NOT NULL,
    window_start  INTEGER NOT NULL,
    window_end    INTEGER,
    nano_usd      INTEGER NOT NULL,
    PRIMARY KEY (scope, window_start)
  ) WITHOUT ROWID;
  CREATE INDEX spend_window_end ON spend (window_end);
  `,
  // 10: the LLM response cache,
  // keyed by a hash that includes the caller's identity, bounded by bytes and expiring; and whether a logged
  // request was a cache hit.
  `
  CREATE TABLE llm_cache (
    key         TEXT PRIMARY KEY,
    expires_at  INTEGER NOT NULL,
    used_at     INTEGER NOT NULL,
    size        INTEGER NOT NULL,
    status      INTEGER NOT NULL,
    content_type TEXT NOT NULL,
    target      TEXT NOT NULL,
    cost_usd    REAL,
    body        BLOB NOT NULL
  );
  CREATE INDEX llm_cache_used ON llm_cache (used_at);
  ALTER TABLE llm_requests ADD COLUMN cache_hit INTEGER NOT NULL DEFAULT 0;
  `,
];

/** The version a database has once every migration ran. */
export const SCHEMA_VERSION = MIGRATIONS.length;
