import { randomBytes } from 'node:crypto';
import { createClient } from '@redis/client';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Quota, type Reservation } from './quota.js';
import { RedisCounters } from './redis-counters.js';

// Against the real Redis at 127.0.0.1:6379, under a prefix of its own: two instances stand for two replicas.

const URL = 'redis://127.0.0.1:6379';
const prefix = `rampart-test:${randomBytes(6).toString('hex')}:`;
let a: RedisCounters;
let b: RedisCounters;
beforeAll(async () => {
  a = await RedisCounters.connect({ url: URL, prefix });
  b = await RedisCounters.connect({ url: URL, prefix });
});
afterAll(async () => {
  await a.close();
  await b.close();
  const c = createClient({ url: URL });
  await c.connect();
  const keys = await c.keys(`${prefix}*`);
  if (keys.length > 0) await c.del(keys);
  await c.close();
});

const later = (): number => Date.now() + 60_000;

describe('RedisCounters', () => {
  it('adds every charge or none, and reports the first that does not fit', async () => {
    expect(await a.tryAdd([{ key: 'x', amount: 3, limit: 5, expiresAt: later() }])).toEqual({ ok: true, values: [3] });
    expect(await b.tryAdd([{ key: 'y', amount: 1, limit: 10, expiresAt: later() }, { key: 'x', amount: 3, limit: 5, expiresAt: later() }])).toEqual({ ok: false, index: 1, current: 3 });
    expect([await a.get('x'), await a.get('y')]).toEqual([3, 0]);
    expect(await b.tryAdd([{ key: 'x', amount: 2, limit: 5, expiresAt: later() }, { key: 'z', amount: 7, limit: Infinity, expiresAt: Infinity }])).toEqual({ ok: true, values: [5, 7] });
  });

  it('adjusts only a live counter and seeds only a missing one', async () => {
    await a.add('missing', -4);
    expect(await a.get('missing')).toBe(0);
    await a.seed('s', 40, later());
    await b.seed('s', 99, later());
    await a.add('s', -10);
    expect(await b.get('s')).toBe(30);
    await a.seed('ended', 5, Date.now() - 1);
    expect(await a.get('ended')).toBe(0);
  });

  it('lets no two replicas overspend together', async () => {
    const charge = { key: 'race', amount: 7, limit: 100, expiresAt: later() };
    const results = await Promise.all(Array.from({ length: 40 }, (_, i) => (i % 2 === 0 ? a : b).tryAdd([charge])));
    expect(results.filter((r) => r.ok)).toHaveLength(14); // 14 × 7 = 98 ≤ 100
    expect(await a.get('race')).toBe(98);
  });

  it('backs a Quota on each replica: a budget holds across both', async () => {
    const config = { teams: {}, users: {}, models: {}, defaultMaxTokens: 4096 };
    const qa = new Quota({ config, counters: a });
    const qb = new Quota({ config, counters: b });
    const subject = { user: 'u', keyId: `rk_${prefix.slice(-6)}`, limits: { budget: { usd: 1, period: 'daily' as const }, rpm: 1000 } };
    const ask = { subject, names: ['m'], callerNames: ['m'], estimate: { tokens: 10, nanoUsd: 300_000_000 } };
    const got = await Promise.all(Array.from({ length: 10 }, (_, i) => (i % 2 === 0 ? qa : qb).reserve(ask)));
    const held = got.filter((g): g is Reservation => g.kind === 'reserved');
    expect(held).toHaveLength(3);
    expect(held[0]?.headers?.['x-ratelimit-limit-requests']).toBe('1000');
    for (const h of held) qa.settle(h, { tokens: 5, nanoUsd: 100_000_000 });
    await expect.poll(async () => (await qb.reserve(ask)).kind).toBe('reserved');
  });

  it('refuses with 503 when Redis goes away, instead of serving unlimited', async () => {
    const c = await RedisCounters.connect({ url: URL, prefix });
    const q = new Quota({ config: { teams: {}, users: {}, models: {}, defaultMaxTokens: 1 }, counters: c });
    await c.close();
    const r = await q.reserve({ subject: { user: 'u' }, names: ['m'], callerNames: ['m'], estimate: { tokens: 1, nanoUsd: 1 } });
    expect(r).toMatchObject({ kind: 'refused', code: 'UNAVAILABLE', headers: { 'retry-after': '1' } });
  });

  it('refuses to connect to a Redis that is not there', async () => {
    await expect(RedisCounters.connect({ url: 'redis://127.0.0.1:1', connectTimeoutMs: 500 })).rejects.toThrow();
  });
});
