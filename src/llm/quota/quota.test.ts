import { describe, expect, it } from 'vitest';
import type { SpendRecord } from '../../core/index.js';
import type { QuotaConfig, QuotaSubject } from './layers.js';
import { MemoryCounters } from './memory-counters.js';
import { Quota, type QuotaAsk, type QuotaRefusal, type Reservation } from './quota.js';
import { reportLayer } from './report.js';
import { keyLayer, teamLayer } from './layers.js';

const NANO = 1e9;
const NOV = Date.parse('2026-11-26T15:30:10Z');
const EMPTY: QuotaConfig = { teams: {}, users: {}, models: {}, defaultMaxTokens: 4096 };

function setup(config: Partial<QuotaConfig> = {}, start = NOV) {
  const clock = { now: start };
  const spent: SpendRecord[] = [];
  const counters = new MemoryCounters({ now: () => clock.now });
  const quota = new Quota({ config: { ...EMPTY, ...config }, counters, sink: { recordSpend: (r) => spent.push(r) }, now: () => clock.now });
  return { quota, clock, spent, counters };
}

const ask = (subject: QuotaSubject, o: { usd?: number; tokens?: number; model?: string } = {}): QuotaAsk => ({
  subject,
  names: [o.model ?? 'gpt-4o'],
  callerNames: [o.model ?? 'gpt-4o'],
  estimate: { tokens: o.tokens ?? 100, nanoUsd: Math.round((o.usd ?? 0.01) * NANO) },
});

function reserved(x: ReturnType<Quota['reserve']>): Reservation {
  if (x instanceof Promise || x.kind !== 'reserved') throw new Error(`expected a reservation, got ${JSON.stringify(x)}`);
  return x;
}
function refused(x: ReturnType<Quota['reserve']>): QuotaRefusal {
  if (x instanceof Promise || x.kind !== 'refused') throw new Error('expected a refusal');
  return x;
}

const ann: QuotaSubject = { user: 'ann', keyId: 'rk_1', limits: { budget: { usd: 1, period: 'monthly' } } };

describe('Quota: budgets', () => {
  it('refuses a model without a price under a budget, instead of serving it free', () => {
    const { quota } = setup();
    const r = refused(quota.reserve({ ...ask(ann, { usd: 0, model: 'claude-next' }), unpriced: 'claude-next' }));
    expect(r.code).toBe('FORBIDDEN');
    expect(r.message).toContain('model claude-next has no price');
    expect(r.message).toContain('key rk_1');
    // Without a budget the same request is served (spend is tracked, at no known price).
    reserved(quota.reserve({ ...ask({ user: 'bob' }, { usd: 0, model: 'claude-next' }), unpriced: 'claude-next' }));
  });

  it('holds a reservation against the budget until it is settled to the actual cost', () => {
    const { quota } = setup();
    const a = reserved(quota.reserve(ask(ann, { usd: 0.6 })));
    // 0.6 held: a second 0.6 would pass the $1 budget while the first is in flight.
    const r = refused(quota.reserve(ask(ann, { usd: 0.6 })));
    expect(r.code).toBe('BUDGET_EXCEEDED');
    expect(r.message).toContain('key rk_1 has used $0.6000 of its monthly budget of $1.0000');
    expect(r.message).toContain('resets at 2026-12-01T00:00:00.000Z');
    quota.settle(a, { tokens: 50, nanoUsd: 0.1 * NANO });
    reserved(quota.reserve(ask(ann, { usd: 0.6 })));
  });

  it('never lets concurrent reservations together pass a budget', () => {
    const { quota } = setup();
    const held: Reservation[] = [];
    for (let i = 0; i < 50; i++) {
      const x = quota.reserve(ask(ann, { usd: 0.07 }));
      if (!(x instanceof Promise) && x.kind === 'reserved') held.push(x);
    }
    expect(held).toHaveLength(14); // 14 × 0.07 = 0.98 ≤ 1 < 15 × 0.07
    for (const h of held) quota.settle(h, { tokens: 10, nanoUsd: 0.07 * NANO });
    expect(refused(quota.reserve(ask(ann, { usd: 0.03 }))).code).toBe('BUDGET_EXCEEDED');
  });

  it('settles once: a second settle changes nothing', () => {
    const { quota, spent } = setup();
    const a = reserved(quota.reserve(ask(ann, { usd: 0.5 })));
    quota.settle(a, { tokens: 1, nanoUsd: 0.2 * NANO });
    quota.settle(a, { tokens: 1, nanoUsd: 0.2 * NANO });
    expect(spent.filter((s) => s.scope === 'key:rk_1|monthly')).toHaveLength(1);
    reserved(quota.reserve(ask(ann, { usd: 0.8 })));
  });

  it('starts a new month with the budget whole', () => {
    const { quota, clock } = setup();
    quota.settle(reserved(quota.reserve(ask(ann, { usd: 1 }))), { tokens: 1, nanoUsd: NANO });
    refused(quota.reserve(ask(ann, { usd: 0.01 })));
    clock.now = Date.parse('2026-12-01T00:00:00Z');
    reserved(quota.reserve(ask(ann, { usd: 0.5 })));
  });

  it('charges the user, the team and per-model team budgets, and names the one that refuses', () => {
    const { quota } = setup({
      users: { bob: { budget: { usd: 10, period: 'daily' } } },
      teams: { research: { models: { 'claude-opus-*': { budget: { usd: 0.5, period: 'monthly' } } } } },
    });
    const bob: QuotaSubject = { user: 'bob', keyId: 'rk_2', team: 'research' };
    const opus = { model: 'claude-opus-4-1', usd: 0.3 };
    quota.settle(reserved(quota.reserve(ask(bob, opus))), { tokens: 1, nanoUsd: 0.3 * NANO });
    const r = refused(quota.reserve(ask(bob, opus)));
    expect(r.message).toContain('claude-opus-* for team research');
    // Other models are not under the opus budget.
    reserved(quota.reserve(ask(bob, { model: 'claude-sonnet-4-5', usd: 0.3 })));
  });

  it('applies gateway-wide per-model limits to everyone', () => {
    const { quota } = setup({ models: { 'gpt-4o': { rpm: 2 } } });
    reserved(quota.reserve(ask({ user: 'a' })));
    reserved(quota.reserve(ask({ user: 'b' })));
    expect(refused(quota.reserve(ask({ user: 'c' }))).message).toContain('gpt-4o for the gateway allows 2 requests per minute');
    reserved(quota.reserve(ask({ user: 'c' }, { model: 'gpt-5' })));
  });

  it('hands settled spend to the sink per budget scope and window, and reads it back after a restart', async () => {
    const first = setup({ teams: { t: { budget: { usd: 1, period: 'weekly' } } } });
    const sub: QuotaSubject = { user: 'u', keyId: 'rk_9', team: 't' };
    first.quota.settle(reserved(first.quota.reserve(ask(sub, { usd: 0.9 }))), { tokens: 1, nanoUsd: 0.8 * NANO });
    expect(first.spent.map((s) => [s.scope, s.nanoUsd])).toEqual([
      ['key:rk_9|none', 0.8 * NANO],
      ['user:u|none', 0.8 * NANO],
      ['team:t|none', 0.8 * NANO],
      ['team:t|weekly', 0.8 * NANO],
    ]);
    const second = setup({ teams: { t: { budget: { usd: 1, period: 'weekly' } } } });
    await second.quota.seed(first.spent);
    expect(refused(second.quota.reserve(ask(sub, { usd: 0.3 }))).message).toContain('team t has used $0.8000');
    reserved(second.quota.reserve(ask(sub, { usd: 0.2 })));
  });

  it('refuses a model the key may not use, before charging anything', () => {
    const { quota, counters } = setup();
    const k: QuotaSubject = { user: 'u', keyId: 'rk_3', limits: { allowedModels: ['claude-haiku-*'] } };
    const r = refused(quota.reserve(ask(k, { model: 'claude-opus-4-1' })));
    expect(r).toMatchObject({ code: 'FORBIDDEN', message: 'key rk_3 may not use model claude-opus-4-1' });
    expect(counters.stats.keys).toBe(0);
    reserved(quota.reserve(ask(k, { model: 'claude-haiku-4-5' })));
  });
});

describe('Quota: rate limits', () => {
  const fast: QuotaSubject = { user: 'u', keyId: 'rk_r', limits: { rpm: 2, tpm: 1000 } };

  it('refuses past the RPM limit with Retry-After to the end of the minute, then lets the next minute through', () => {
    const { quota, clock } = setup();
    const a = reserved(quota.reserve(ask(fast)));
    expect(a.headers).toMatchObject({ 'x-ratelimit-limit-requests': '2', 'x-ratelimit-remaining-requests': '1', 'x-ratelimit-limit-tokens': '1000', 'x-ratelimit-remaining-tokens': '900', 'x-ratelimit-reset-requests': '50s' });
    reserved(quota.reserve(ask(fast)));
    const r = refused(quota.reserve(ask(fast)));
    expect(r.code).toBe('RATE_LIMITED');
    expect(r.headers).toMatchObject({ 'retry-after': '50', 'x-ratelimit-remaining-requests': '0' });
    clock.now += 50_000;
    reserved(quota.reserve(ask(fast)));
  });

  it('reserves tokens at the estimate and settles them to the actual count', () => {
    const { quota } = setup();
    const a = reserved(quota.reserve(ask(fast, { tokens: 900 })));
    expect(refused(quota.reserve(ask(fast, { tokens: 200 }))).message).toContain('900 are in use');
    quota.settle(a, { tokens: 300, nanoUsd: 0 });
    reserved(quota.reserve(ask(fast, { tokens: 600 })));
  });

  it('says a request larger than the TPM limit is too large', () => {
    const { quota } = setup();
    expect(refused(quota.reserve(ask(fast, { tokens: 5000 }))).message).toContain('request too large');
  });
});

describe('reportLayer', () => {
  it('reads back spend, budgets and rates, reservations in flight included', async () => {
    const { quota } = setup({ teams: { t: { budget: { usd: 5, period: 'daily' }, models: { 'gpt-*': { tpm: 10_000 } } } } });
    const sub: QuotaSubject = { user: 'u', keyId: 'rk_x', team: 't', limits: { rpm: 5 } };
    reserved(quota.reserve(ask(sub, { usd: 0.25, tokens: 700 })));
    expect((await reportLayer(quota, keyLayer('rk_x', sub.limits), NOV)).limits).toEqual([
      { kind: 'usd', label: 'key rk_x', period: 'none', limit: undefined, used: 0.25, resetsAt: undefined },
      { kind: 'rpm', label: 'key rk_x', period: 'minute', limit: 5, used: 1, resetsAt: '2026-11-26T15:31:00.000Z' },
    ]);
    const team = await reportLayer(quota, teamLayer(quota.config, 't'), NOV);
    expect(team.limits.map((l) => [l.kind, l.label, l.limit, l.used])).toEqual([
      ['usd', 'team t', undefined, 0.25],
      ['usd', 'team t', 5, 0.25],
      ['tpm', 'gpt-* for team t', 10_000, 700],
    ]);
  });
});
