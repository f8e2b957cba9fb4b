import { afterAll, describe, expect, it } from 'vitest';
import { PRICE_TABLE } from '../../price-table.js';
import type { Route } from '../route.js';
import { RoutingTable, type ModelRuleConfig } from '../routing-table.js';
import { testUpstreams } from '../test-targets.js';
import { orderTargets } from './order.js';

const upstreams = testUpstreams({ a: 'openai', b: 'openai', c: 'openai' });
afterAll(async () => Promise.all([...upstreams.values()].map((u) => u.pool.close())));

function route(rule: ModelRuleConfig): Route {
  const r = new RoutingTable({ models: [rule] }, upstreams).resolve(rule.match, {}, {});
  if (r === undefined) throw new Error('no route');
  return r.route;
}
const keys = (r: Route, o: { model?: string; random?: number } = {}) => orderTargets(r, { model: o.model ?? 'm', random: o.random ?? 0, prices: PRICE_TABLE }).map((t) => t.key);

describe('orderTargets', () => {
  it('fallback keeps the configured order', () => {
    const r = route({ match: 'm', strategy: 'fallback', targets: [{ provider: 'b' }, { provider: 'a' }, { provider: 'c' }] });
    expect(keys(r)).toEqual(['b', 'a', 'c']);
  });

  it('weighted draws the first in proportion to weight, the rest heaviest first', () => {
    const r = route({ match: 'm', strategy: 'weighted', targets: [{ provider: 'a', weight: 1 }, { provider: 'b', weight: 3 }, { provider: 'c', weight: 6 }] });
    expect(keys(r, { random: 0.05 })).toEqual(['a', 'c', 'b']);
    expect(keys(r, { random: 0.2 })).toEqual(['b', 'c', 'a']);
    expect(keys(r, { random: 0.99 })).toEqual(['c', 'b', 'a']);
    const firsts = { a: 0, b: 0, c: 0 };
    for (let i = 0; i < 1000; i++) firsts[keys(r, { random: i / 1000 })[0] as 'a' | 'b' | 'c']++;
    expect(firsts).toEqual({ a: 100, b: 300, c: 600 });
  });

  it('lowest-latency puts unmeasured targets first, then the fastest average', () => {
    const r = route({ match: 'm', strategy: 'lowest-latency', targets: [{ provider: 'a' }, { provider: 'b' }, { provider: 'c' }] });
    const [a, b, c] = r.targets;
    a?.health.latency.observe(50);
    c?.health.latency.observe(10);
    expect(keys(r)).toEqual(['b', 'c', 'a']);
    b?.health.latency.observe(30);
    expect(keys(r)).toEqual(['c', 'b', 'a']);
    // c slows down: the moving average follows within a few samples.
    for (let i = 0; i < 5; i++) c?.health.latency.observe(200);
    expect(keys(r)).toEqual(['b', 'a', 'c']);
  });

  it('lowest-cost orders by list price, configured prices first, unpriced last', () => {
    const r = route({
      match: 'm',
      strategy: 'lowest-cost',
      targets: [{ provider: 'a', model: 'unknown-model' }, { provider: 'b', model: 'gpt-4o' }, { provider: 'c', model: 'gpt-4o-mini-2024-07-18' }],
    });
    expect(keys(r)).toEqual(['c/gpt-4o-mini-2024-07-18', 'b/gpt-4o', 'a/unknown-model']);
    const priced = route({ match: 'm', strategy: 'lowest-cost', targets: [{ provider: 'b', model: 'gpt-4o' }, { provider: 'a', model: 'llama', price: { input: 0, output: 0 } }] });
    expect(keys(priced)).toEqual(['a/llama', 'b/gpt-4o']);
  });

  it('lowest-cost prices a pass-through target by the requested model', () => {
    const r = route({ match: 'm', strategy: 'lowest-cost', targets: [{ provider: 'a' }, { provider: 'b', model: 'gpt-4.1-nano' }] });
    expect(keys(r, { model: 'gpt-5' })).toEqual(['b/gpt-4.1-nano', 'a']);
    expect(keys(r, { model: 'gpt-5-nano' })).toEqual(['a', 'b/gpt-4.1-nano']);
  });
});
