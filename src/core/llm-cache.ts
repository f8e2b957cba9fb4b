/**
 * One upstream reply kept by the LLM response cache (issue 5 §4): the provider's own bytes, so a hit is replayed
 * through the same reply path (tool-call gating included) as a fresh answer. Only successful replies the engine
 * left unchanged are kept.
 */
export interface CachedReply {
  readonly status: number;
  /** The upstream's `content-type` (`application/json` or `text/event-stream`: a stream is kept as its SSE bytes). */
  readonly contentType: string;
  readonly body: Uint8Array;
  /** The route target (`provider/model`) that answered, so a hit is recorded against it. */
  readonly target: string;
  /** What the answer cost when it was fetched, in US dollars: a hit reports it as saved. */
  readonly costUsd: number | undefined;
}

/**
 * Where cached replies live: memory (bounded LRU) or SQLite. Keys are opaque hashes that already include the
 * caller's tenant, so a store never needs to know who is asking. Synchronous on purpose: both embedded stores
 * answer without I/O waits worth an await, and the hot path stays free of promises. Never throws.
 */
export interface LlmCacheStore {
  /** The live entry under `key`, or undefined (missing or expired at `now`). */
  get(key: string, now: number): CachedReply | undefined;
  /** Keeps `reply` until `expiresAt` (epoch ms), evicting the least recently used entries past the byte bound. */
  put(key: string, reply: CachedReply, expiresAt: number, now: number): void;
}
