import type Database from 'better-sqlite3';
import type { CachedReply, LlmCacheStore } from '../core/index.js';

/** A row of `llm_cache`. */
interface CacheRow {
  readonly key: string;
  readonly expires_at: number;
  readonly used_at: number;
  readonly size: number;
  readonly status: number;
  readonly content_type: string;
  readonly target: string;
  readonly cost_usd: number | null;
  readonly body: Buffer;
}

/** Bytes an entry is charged beyond its body (key, metadata, row overhead). */
const ENTRY_OVERHEAD = 256;
/** Rows looked at per eviction round. */
const EVICT_BATCH = 64;

function prepare(db: Database.Database) {
  return {
    get: db.prepare<[string], CacheRow>('SELECT * FROM llm_cache WHERE key = ?'),
    touch: db.prepare<[number, string]>('UPDATE llm_cache SET used_at = ? WHERE key = ?'),
    sizeOf: db.prepare<[string], { size: number }>('SELECT size FROM llm_cache WHERE key = ?'),
    remove: db.prepare<[string]>('DELETE FROM llm_cache WHERE key = ?'),
    insert: db.prepare<[CacheRow]>(
      `INSERT INTO llm_cache (key, expires_at, used_at, size, status, content_type, target, cost_usd, body)
       VALUES (@key, @expires_at, @used_at, @size, @status, @content_type, @target, @cost_usd, @body)`,
    ),
    total: db.prepare<[], { total: number }>('SELECT COALESCE(SUM(size), 0) AS total FROM llm_cache'),
    expired: db.prepare<[number], { size: number }>('DELETE FROM llm_cache WHERE expires_at <= ? RETURNING size'),
    oldest: db.prepare<[number], { key: string; size: number }>('SELECT key, size FROM llm_cache ORDER BY used_at LIMIT ?'),
  };
}

/**
 * The response cache in the store's SQLite database (`llm_cache`, migration 10): survives restarts, bounded by
 * bytes (least recently used rows go first; a hit updates `used_at`), expired rows removed when met and when
 * room is needed. The running byte total is kept in memory: one gateway process owns the file. Errors (a closed
 * database, a full disk) make the cache miss, never fail a request.
 */
export class SqliteLlmCache implements LlmCacheStore {
  readonly #sql: ReturnType<typeof prepare>;
  readonly #put: Database.Transaction<(key: string, reply: CachedReply, expiresAt: number, now: number) => void>;
  readonly #maxBytes: number;
  #bytes: number;

  constructor(db: Database.Database, opts: { readonly maxBytes: number }) {
    this.#sql = prepare(db);
    this.#maxBytes = opts.maxBytes;
    this.#bytes = this.#sql.total.get()?.total ?? 0;
    this.#put = db.transaction((key: string, reply: CachedReply, expiresAt: number, at: number) => {
      const old = this.#sql.sizeOf.get(key);
      if (old !== undefined) {
        this.#sql.remove.run(key);
        this.#bytes -= old.size;
      }
      const size = reply.body.byteLength + key.length + ENTRY_OVERHEAD;
      this.#sql.insert.run({
        key, expires_at: expiresAt, used_at: at, size, status: reply.status, content_type: reply.contentType, target: reply.target,
        cost_usd: reply.costUsd ?? null, body: Buffer.from(reply.body.buffer, reply.body.byteOffset, reply.body.byteLength),
      });
      this.#bytes += size;
      if (this.#bytes <= this.#maxBytes) return;
      for (const r of this.#sql.expired.all(at)) this.#bytes -= r.size;
      while (this.#bytes > this.#maxBytes) {
        const rows = this.#sql.oldest.all(EVICT_BATCH);
        if (rows.length === 0) break;
        for (const r of rows) {
          if (this.#bytes <= this.#maxBytes) break;
          this.#sql.remove.run(r.key);
          this.#bytes -= r.size;
        }
      }
    });
  }

  /** Bytes held, as counted for the bound. */
  get bytes(): number {
    return this.#bytes;
  }

  get(key: string, now: number): CachedReply | undefined {
    try {
      const row = this.#sql.get.get(key);
      if (row === undefined) return undefined;
      if (row.expires_at <= now) {
        this.#sql.remove.run(key);
        this.#bytes -= row.size;
        return undefined;
      }
      this.#sql.touch.run(now, key);
      return { status: row.status, contentType: row.content_type, body: row.body, target: row.target, costUsd: row.cost_usd ?? undefined };
    } catch {
      return undefined;
    }
  }

  put(key: string, reply: CachedReply, expiresAt: number, now: number): void {
    if (reply.body.byteLength + key.length + ENTRY_OVERHEAD > this.#maxBytes) return;
    try {
      this.#put(key, reply, expiresAt, now);
    } catch {
      // A failed write leaves the cache as it was (the transaction rolled back); recount to stay exact.
      try {
        this.#bytes = this.#sql.total.get()?.total ?? 0;
      } catch {
        /* the database is closed */
      }
    }
  }
}
