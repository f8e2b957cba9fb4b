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
  readonly #firstSeq: ((id: string) => number) | undefined;
  // Where evicted or ended sessions' numbering stopped, so a session that comes back never reuses a seq.
  // Bounded like the live table; the oldest retirements go first.
  readonly #retired = new Map<string, number>();
  #evictedLru = 0;
  #evictedIdle = 0;
  /** The most recently used session: touching it again needs no re-insertion (events come in runs). */
  #newest: SessionState | undefined;
  /**
   * When the last sweep found the least recently used session live. Until the clock moves or a session is
   * dropped, the next sweep would find the same (sessions are ordered by last use, so with a clock that does not
   * go back, none behind it is idle either): skip it.
   */
  #sweptAt = Number.NaN;

  /** `firstSeq` numbers a session the table has not seen: where the store's numbering for it left off. */
  constructor(limits: SessionTableLimits, firstSeq?: (id: string) => number) {
    this.#limits = limits;
    this.#firstSeq = firstSeq;
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
      this.#retire(s);
      this.#evictedIdle++;
      s = undefined;
    }
    if (s === undefined) {
      // Take this session's retired numbering before evicting another, which may push it out of `#retired`.
      const nextSeq = this.#retired.get(id) ?? this.#firstSeq?.(id) ?? 0;
      this.#retired.delete(id);
      if (this.#sessions.size >= this.#limits.maxSessions) this.#evictOldest();
      s = new SessionState(id, now, this.#limits);
      s.nextSeq = nextSeq;
    } else if (s === this.#newest) {
      s.lastSeenAt = now;
      return s;
    } else {
      this.#sessions.delete(id);
    }
    s.lastSeenAt = now;
    this.#sessions.set(id, s);
    this.#newest = s;
    return s;
  }

  /** Ends a session explicitly (a `session.end` event). */
  delete(id: string): void {
    const s = this.#sessions.get(id);
    if (s !== undefined) this.#retire(s);
  }

  #retire(s: SessionState): void {
    this.#sessions.delete(s.id);
    if (s === this.#newest) this.#newest = undefined;
    this.#sweptAt = Number.NaN;
    if (this.#retired.size >= this.#limits.maxSessions) {
      const oldest = this.#retired.keys().next();
      if (oldest.done !== true) this.#retired.delete(oldest.value);
    }
    this.#retired.set(s.id, s.nextSeq);
  }

  #evictOldest(): void {
    const first = this.#sessions.values().next();
    if (first.done !== true) {
      this.#retire(first.value);
      this.#evictedLru++;
    }
  }

  /** Drops up to 4 idle sessions from the least-recently-used end: amortized O(1) per call. */
  #sweep(now: number): void {
    if (now === this.#sweptAt) return;
    for (let i = 0; i < 4; i++) {
      const first = this.#sessions.values().next();
      if (first.done === true || now - first.value.lastSeenAt <= this.#limits.idleMs) {
        this.#sweptAt = now;
        return;
      }
      this.#retire(first.value);
      this.#evictedIdle++;
    }
  }
}
