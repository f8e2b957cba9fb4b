import { describe, expect, it } from 'vitest';
import { MemoryLiveState } from './memory-live-state.js';

function clock(start = 1000): { now: () => number; advance: (ms: number) => void } {
  let t = start;
  return { now: () => t, advance: (ms) => (t += ms) };
}

describe('MemoryLiveState', () => {
  it('adds to a counter and reads it back synchronously', () => {
    const live = new MemoryLiveState();
    expect(live.get('k')).toBe(0);
    expect(live.incr('k', 2, 1000)).toBe(2);
    expect(live.incr('k', 3, 1000)).toBe(5);
    expect(live.get('k')).toBe(5);
  });

  it('expires a window ttlMs after its first increment, without extending it', () => {
    const c = clock();
    const live = new MemoryLiveState({ now: c.now });
    live.incr('k', 1, 100);
    c.advance(60);
    live.incr('k', 1, 100);
    c.advance(39);
    expect(live.get('k')).toBe(2);
    c.advance(1);
    expect(live.get('k')).toBe(0);
    expect(live.incr('k', 1, 100)).toBe(1);
  });

  it('never expires a counter with an infinite ttl', () => {
    const c = clock();
    const live = new MemoryLiveState({ now: c.now });
    live.incr('k', 1, Infinity);
    c.advance(1e12);
    expect(live.get('k')).toBe(1);
  });

  it('evicts the oldest window when full, counting only live keys it had to drop', () => {
    const c = clock();
    const live = new MemoryLiveState({ maxKeys: 2, now: c.now });
    live.incr('short', 1, 10);
    live.incr('a', 1, 1000);
    c.advance(20);
    live.incr('b', 1, 1000); // pushes out 'short', which had expired: not an eviction
    expect(live.stats).toEqual({ keys: 2, evicted: 0 });
    live.incr('c', 1, 1000); // pushes out 'a', still live
    expect(live.stats).toEqual({ keys: 2, evicted: 1 });
    expect([live.get('a'), live.get('b'), live.get('c')]).toEqual([0, 1, 1]);
  });
});
