import { describe, expect, it } from 'vitest';
import { MemoryCounters } from './memory-counters.js';

describe('MemoryCounters', () => {
  it('adds every charge or none: a charge that does not fit leaves the others untouched', () => {
    const c = new MemoryCounters({ now: () => 0 });
    expect(c.tryAdd([{ key: 'a', amount: 3, limit: 5, expiresAt: 100 }])).toEqual({ ok: true, values: [3] });
    const r = c.tryAdd([
      { key: 'b', amount: 1, limit: 10, expiresAt: 100 },
      { key: 'a', amount: 3, limit: 5, expiresAt: 100 },
    ]);
    expect(r).toEqual({ ok: false, index: 1, current: 3 });
    expect(c.get('b')).toBe(0);
    expect(c.get('a')).toBe(3);
  });

  it('lets a charge fill a counter exactly to its limit, never past it', () => {
    const c = new MemoryCounters({ now: () => 0 });
    expect(c.tryAdd([{ key: 'a', amount: 5, limit: 5, expiresAt: 100 }]).ok).toBe(true);
    expect(c.tryAdd([{ key: 'a', amount: 1, limit: 5, expiresAt: 100 }]).ok).toBe(false);
  });

  it('forgets a counter when its window ends, and ignores a late adjustment to an ended window', () => {
    let now = 0;
    const c = new MemoryCounters({ now: () => now });
    c.tryAdd([{ key: 'w@0', amount: 4, limit: 5, expiresAt: 60 }]);
    now = 60;
    expect(c.get('w@0')).toBe(0);
    c.add('w@0', -4);
    expect(c.get('w@0')).toBe(0);
    c.seed('w@0', 3, 60);
    expect(c.get('w@0')).toBe(0);
    expect(c.tryAdd([{ key: 'w@0', amount: 5, limit: 5, expiresAt: 120 }]).ok).toBe(true);
  });

  it('adjusts a live counter either way, never creates one when settling, and seeds only a missing one', () => {
    const c = new MemoryCounters({ now: () => 0 });
    c.tryAdd([{ key: 'a', amount: 10, limit: 100, expiresAt: Infinity }]);
    c.add('a', -7);
    expect(c.get('a')).toBe(3);
    c.add('gone', -5);
    expect(c.get('gone')).toBe(0);
    c.seed('seeded', 42, Infinity);
    c.seed('a', 42, Infinity);
    expect([c.get('seeded'), c.get('a')]).toEqual([42, 3]);
  });

  it('stays bounded: sweeps ended windows first, then drops the oldest and counts it', () => {
    let now = 0;
    const c = new MemoryCounters({ maxKeys: 2, now: () => now });
    c.seed('old', 1, 10);
    c.seed('keep', 1, Infinity);
    now = 20;
    c.seed('new', 1, Infinity);
    expect(c.stats).toEqual({ keys: 2, evicted: 0 });
    c.seed('newer', 1, Infinity);
    expect(c.stats.evicted).toBe(1);
    expect(c.get('keep')).toBe(0);
    expect(c.get('newer')).toBe(1);
  });
});
