import type { CachedReply, LlmCacheStore } from '../../core/index.js';

interface Entry {
  readonly reply: CachedReply;
  readonly expiresAt: number;
  readonly size: number;
}

/** Bytes an entry is charged beyond its body: keys, metadata, map overhead (a rough, fixed figure). */
const ENTRY_OVERHEAD = 256;

/**
 * The in-memory reply cache: an LRU bounded by bytes (a `Map` in recency order: a hit moves its entry to the
 * end, eviction takes from the front), entries dropped once past their expiry.
 */
export class MemoryLlmCache implements LlmCacheStore {
  readonly #entries = new Map<string, Entry>();
  readonly #maxBytes: number;
  #bytes = 0;
  /** Entries evicted to stay within the byte bound (for tests and metrics). */
  evicted = 0;

  constructor(opts: { readonly maxBytes: number }) {
    this.#maxBytes = opts.maxBytes;
  }

  /** Bytes held (bodies plus a fixed overhead per entry). */
  get bytes(): number {
    return this.#bytes;
  }

  get size(): number {
    return this.#entries.size;
  }

  get(key: string, now: number): CachedReply | undefined {
    const e = this.#entries.get(key);
    if (e === undefined) return undefined;
    this.#entries.delete(key);
    if (e.expiresAt <= now) {
      this.#bytes -= e.size;
      return undefined;
    }
    this.#entries.set(key, e);
    return e.reply;
  }

  put(key: string, reply: CachedReply, expiresAt: number): void {
    const size = reply.body.byteLength + key.length + ENTRY_OVERHEAD;
    if (size > this.#maxBytes) return;
    const old = this.#entries.get(key);
    if (old !== undefined) {
      this.#entries.delete(key);
      this.#bytes -= old.size;
    }
    this.#entries.set(key, { reply, expiresAt, size });
    this.#bytes += size;
    for (const [k, e] of this.#entries) {
      if (this.#bytes <= this.#maxBytes) break;
      this.#entries.delete(k);
      this.#bytes -= e.size;
      this.evicted++;
    }
  }
}
