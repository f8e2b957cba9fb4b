import { describe, expect, it } from 'vitest';
import { SessionTable } from './session-table.js';

/** The table's contract, written the plain way: an array from least to most recently used. */
class Reference {
  readonly live: { id: string; seen: number; seq: number }[] = [];
  readonly retired = new Map<string, number>();
  lru = 0;
  idle = 0;
  readonly max: number;
  readonly idleMs: number;
  constructor(max: number, idleMs: number) {
    this.max = max;
    this.idleMs = idleMs;
  }

  touch(id: string, now: number): void {
    // The sweep: at most 4 idle sessions from the oldest end.
    for (let i = 0; i < 4 && this.live[0] !== undefined && now - this.live[0].seen > this.idleMs; i++) {
      this.#retire(0);
      this.idle++;
    }
    let at = this.live.findIndex((s) => s.id === id);
    if (at >= 0 && now - (this.live[at]?.seen ?? 0) > this.idleMs) {
      this.#retire(at);
      this.idle++;
      at = -1;
    }
    if (at < 0) {
      const seq = this.retired.get(id) ?? 0;
      this.retired.delete(id);
      if (this.live.length >= this.max) {
        this.#retire(0);
        this.lru++;
      }
      this.live.push({ id, seen: now, seq });
    } else {
      const [s] = this.live.splice(at, 1);
      if (s !== undefined) this.live.push({ ...s, seen: now });
    }
  }

  #retire(at: number): void {
    const [s] = this.live.splice(at, 1);
    if (s === undefined) return;
    if (this.retired.size >= this.max) {
      const oldest = this.retired.keys().next();
      if (oldest.done !== true) this.retired.delete(oldest.value);
    }
    this.retired.set(s.id, s.seq);
  }
}

describe('SessionTable', () => {
  it('keeps, evicts and expires sessions exactly as a plain least-recently-used list would', () => {
    let seed = 3;
    const rand = (): number => ((seed = (Math.imul(seed, 1664525) + 1013904223) >>> 0) / 2 ** 32);
    const limits = { maxSessions: 8, idleMs: 50, provenanceEntries: 16 };
    const table = new SessionTable(limits);
    const ref = new Reference(limits.maxSessions, limits.idleMs);
    let now = 0;
    for (let i = 0; i < 5000; i++) {
      now += rand() < 0.9 ? Math.floor(rand() * 3) : Math.floor(rand() * 80);
      const id = `s${Math.floor(rand() * rand() * 14)}`;
      if (rand() < 0.05) {
        table.delete(id);
        const at = ref.live.findIndex((s) => s.id === id);
        if (at >= 0) {
          const [s] = ref.live.splice(at, 1);
          if (s !== undefined) {
            if (ref.retired.size >= ref.max) ref.retired.delete(ref.retired.keys().next().value as string);
            ref.retired.set(s.id, s.seq);
          }
        }
        continue;
      }
      table.touch(id, now).nextSeq++;
      ref.touch(id, now);
      const r = ref.live[ref.live.length - 1];
      if (r !== undefined) r.seq++;
      expect(table.size).toBe(ref.live.length);
      for (const s of ref.live) expect(table.peek(s.id)?.nextSeq).toBe(s.seq);
      expect(table.evictions).toEqual({ lru: ref.lru, idle: ref.idle });
    }
    expect(ref.lru).toBeGreaterThan(0);
    expect(ref.idle).toBeGreaterThan(0);
  });
});
