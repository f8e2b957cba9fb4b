import { SessionState, type SessionLimits } from './session.js';

/** Bounds on live sessions (STYLE.md §5: bound everything and count drops). */
export interface SessionTableLimits extends SessionLimits {
  readonly maxSessions: number;
  /** A session idle this long is dropped on the next sweep. */
  readonly idleMs: number;
}

/**
 * Live sessions, least recently used first. A `Map` keeps insertion order, so touching a session re-inserts
 * it at the end and the first entry is always the least recently used one. Idle sessions are swept
 * incrementally from the front, a few per call, so no request pays for a full scan.
 */
export class SessionTable {
  readonly #sessions = new Map<string, SessionState>();
  readonly #limits: SessionTableLimits;
  #evictedLru = 0;
  #evictedIdle = 0;

  constructor(limits: SessionTableLimits) {
    this.#limits = limits;
  }

  get size(): number {
    return this.#sessions.size;
  }

  get evictions(): { readonly lru: number; readonly idle: number } {
    return { lru: this.#evictedLru, idle: this.#evictedIdle };
  }

  /** The live session `id`, or `undefined`. Does not touch it. */
  peek(id: string): SessionState | undefined {
    return this.#sessions.get(id);
  }

  /** Returns the session `id`, creating it if needed, and marks it most recently used at `now`. */
  touch(id: string, now: number): SessionState {
    this.#sweep(now);
    let s = this.#sessions.get(id);
    if (s !== undefined && now - s.lastSeenAt > this.#limits.idleMs) {
      this.#sessions.delete(id);
      this.#evictedIdle++;
      s = undefined;
    }
    if (s === undefined) {
      if (this.#sessions.size >= this.#limits.maxSessions) this.#evictOldest();
      s = new SessionState(id, now, this.#limits);
    } else {
      this.#sessions.delete(id);
    }
    s.lastSeenAt = now;
    this.#sessions.set(id, s);
    return s;
  }

  /** Ends a session explicitly (a `session.end` event). */
  delete(id: string): void {
    this.#sessions.delete(id);
  }

  #evictOldest(): void {
    const first = this.#sessions.keys().next();
    if (first.done !== true) {
      this.#sessions.delete(first.value);
      this.#evictedLru++;
    }
  }

  /** Drops up to 4 idle sessions from the least-recently-used end: amortized O(1) per call. */
  #sweep(now: number): void {
    for (let i = 0; i < 4; i++) {
      const first = this.#sessions.values().next();
      if (first.done === true || now - first.value.lastSeenAt <= this.#limits.idleMs) return;
      this.#sessions.delete(first.value.id);
      this.#evictedIdle++;
    }
  }
}
