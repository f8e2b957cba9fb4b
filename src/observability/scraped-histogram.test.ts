import { Histogram, Registry } from 'prom-client';
import { describe, expect, it } from 'vitest';
import { ScrapedHistogram } from './scraped-histogram.js';

const BUCKETS = [0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60];
const config = { name: 'rampart_test_seconds', help: 'A test histogram.', labelNames: ['provider', 'model'] as const, buckets: BUCKETS };

/** Observations spread over every bucket, exact bounds, zero and past the last bound, in three label sets. */
function observations(): [provider: string, model: string, value: number][] {
  const out: [string, string, number][] = [];
  let x = 0.00013;
  for (let i = 0; i < 400; i++) {
    x = (x * 7.31) % 70;
    out.push([['mock', 'openai', 'anthropic'][i % 3] as string, i % 5 === 0 ? 'gpt-4o' : 'gpt-bench', x]);
  }
  for (const b of [...BUCKETS, 0, 61, 1e9]) out.push(['mock', 'gpt-bench', b]);
  out.push(['late', 'x"y\\z\n', 0.003]);
  return out;
}

async function both(): Promise<{ ours: Registry; theirs: Registry }> {
  const ours = new Registry();
  const theirs = new Registry();
  const h = new ScrapedHistogram({ ...config, labelNames: [...config.labelNames], registers: [ours] });
  const p = new Histogram({ ...config, labelNames: [...config.labelNames], registers: [theirs] });
  const children = new Map<string, { observe(v: number): void }>();
  for (const [provider, model, v] of observations()) {
    const key = `${provider} ${model}`;
    let c = children.get(key);
    if (c === undefined) children.set(key, (c = h.child(key, () => ({ provider, model }))));
    c.observe(v);
    p.labels(provider, model).observe(v);
  }
  return { ours, theirs };
}

describe('ScrapedHistogram', () => {
  it('scrapes to the same text as prom-client’s histogram given the same observations', async () => {
    const { ours, theirs } = await both();
    const text = await ours.metrics();
    expect(text).toBe(await theirs.metrics());
    expect(text).toContain('rampart_test_seconds_bucket{le="+Inf",provider="mock",model="gpt-bench"}');
  });

  it('exports the same JSON as prom-client’s histogram', async () => {
    const { ours, theirs } = await both();
    expect(await ours.getMetricsAsJSON()).toEqual(await theirs.getMetricsAsJSON());
  });

  it('shows a label set only once it has observed something', async () => {
    const r = new Registry();
    const h = new ScrapedHistogram({ ...config, labelNames: [...config.labelNames], registers: [r] });
    const idle = h.child('a b', () => ({ provider: 'a', model: 'b' }));
    expect(await r.metrics()).not.toContain('provider="a"');
    idle.observe(0.2);
    expect(await r.metrics()).toContain('rampart_test_seconds_count{provider="a",model="b"} 1');
  });

  it('refuses a value that is not a finite number, as prom-client does', () => {
    const h = new ScrapedHistogram({ ...config, labelNames: [...config.labelNames], registers: [] });
    expect(() => h.child('a b', () => ({ provider: 'a', model: 'b' })).observe(Number.NaN)).toThrow(TypeError);
  });
});
