import { afterAll, describe, expect, it } from 'vitest';
import { RoutingTable } from './routing-table.js';
import { testUpstreams } from './test-targets.js';

const upstreams = testUpstreams({ a: 'anthropic', o: 'openai', o2: 'openai' });
afterAll(async () => Promise.all([...upstreams.values()].map((u) => u.pool.close())));

describe('RoutingTable', () => {
  const table = new RoutingTable(
    {
      aliases: { smart: 'claude-sonnet-4-5', cheap: 'gpt-4o-mini' },
      models: [
        { match: 'fast', provider: 'o', model: 'gpt-4o-mini' },
        { match: 'gpt-*', when: { metadata: { team: ['research', 'ml'] } }, strategy: 'weighted', targets: [{ provider: 'o2' }, { provider: 'o', model: 'gpt-4o' }] },
        { match: 'gpt-*', targets: [{ provider: 'o' }, { provider: 'o2', model: 'gpt-4.1' }] },
        { match: 'claude-*', provider: 'a' },
      ],
    },
    upstreams,
  );

  it('routes by exact name, then prefix, first match winning', () => {
    expect(table.resolve('fast', {}, {})?.route.targets.map((t) => t.key)).toEqual(['o/gpt-4o-mini']);
    expect(table.resolve('claude-haiku-4-5', {}, {})).toMatchObject({ model: 'claude-haiku-4-5', route: { id: 'llm.models[3]' } });
    expect(table.resolve('mistral', {}, {})).toBeUndefined();
  });

  it('resolves aliases before matching', () => {
    expect(table.resolve('smart', {}, {})).toMatchObject({ model: 'claude-sonnet-4-5', route: { id: 'llm.models[3]' } });
    expect(table.resolve('cheap', {}, {})).toMatchObject({ model: 'gpt-4o-mini', route: { id: 'llm.models[2]' } });
  });

  it('takes a conditional route only when the metadata matches (body metadata or the header)', () => {
    expect(table.resolve('gpt-4o', {}, {})?.route.id).toBe('llm.models[2]');
    expect(table.resolve('gpt-4o', {}, { metadata: { team: 'ml' } })?.route.id).toBe('llm.models[1]');
    expect(table.resolve('gpt-4o', { 'x-rampart-metadata': '{"team":"research"}' }, {})?.route.id).toBe('llm.models[1]');
    // The header overrides the body, and a malformed header is ignored rather than failing the request.
    expect(table.resolve('gpt-4o', { 'x-rampart-metadata': '{"team":"sales"}' }, { metadata: { team: 'ml' } })?.route.id).toBe('llm.models[2]');
    expect(table.resolve('gpt-4o', { 'x-rampart-metadata': '{team' }, { metadata: { team: 'ml' } })?.route.id).toBe('llm.models[1]');
  });

  it('shares one breaker and latency average per provider and model across routes', () => {
    const r1 = table.resolve('gpt-4o', {}, { metadata: { team: 'ml' } })?.route;
    const r2 = table.resolve('gpt-4o', {}, {})?.route;
    expect(r1?.targets[0]?.health).toBe(table.health.get('o2'));
    expect(r2?.targets[0]?.health).toBe(table.health.get('o'));
    expect(table.health.get('o2')).not.toBe(table.health.get('o2/gpt-4.1'));
  });

  it('lists aliases and exact names as models', () => {
    expect(table.names()).toEqual([
      { id: 'smart', provider: 'a' },
      { id: 'cheap', provider: 'o' },
      { id: 'fast', provider: 'o' },
    ]);
  });
});
