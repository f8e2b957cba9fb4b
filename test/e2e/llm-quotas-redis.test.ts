import { randomBytes } from 'node:crypto';
import Anthropic from '@anthropic-ai/sdk';
import { createClient } from '@redis/client';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startAnthropicFake } from '../fakes/anthropic.js';
import type { FakeServer } from '../fakes/recording-server.js';
import { textStep } from '../fakes/script.js';
import { startLlmHarness, type LlmHarness } from './llm-harness.js';

// Two gateway replicas over one store and one Redis (127.0.0.1:6379): rate limits and budgets hold across
// both, whichever replica each request reaches.

const REDIS = 'redis://127.0.0.1:6379';
const prefix = `rampart-e2e:${randomBytes(6).toString('hex')}:`;
let fake: FakeServer;
let one: LlmHarness;
let two: LlmHarness;

beforeAll(async () => {
  fake = await startAnthropicFake({ script: [textStep('hello')] });
  const quotas = { redis: { url: REDIS, prefix } };
  one = await startLlmHarness({ anthropic: fake, identity: { required: true }, quotas });
  two = await startLlmHarness({ anthropic: fake, identity: { required: true }, quotas, data: one.rt.config.data });
});
afterAll(async () => {
  await one.close();
  await two.close();
  await fake.close();
  const c = createClient({ url: REDIS });
  await c.connect();
  const keys = await c.keys(`${prefix}*`);
  if (keys.length > 0) await c.del(keys);
  await c.close();
});

const ask = (base: string, apiKey: string, max_tokens = 32) =>
  new Anthropic({ apiKey, baseURL: base, maxRetries: 0 }).messages.create({ model: 'claude-sonnet-4-5', max_tokens, messages: [{ role: 'user', content: 'hi' }] });

describe('quotas shared through Redis', () => {
  it('counts one RPM limit across both replicas', async () => {
    const { key } = await one.rt.identity.apiKeys.create({ user: 'shared', limits: { rpm: 3 } });
    await ask(one.base, key);
    await ask(two.base, key);
    await ask(one.base, key);
    await expect(ask(two.base, key)).rejects.toBeInstanceOf(Anthropic.RateLimitError);
  });

  it('lets parallel requests on both replicas spend no more than one budget', async () => {
    // Each request reserves ~$0.0005 and settles to $0.000141: a $0.002 budget fits a handful, not all 16.
    const { key, info } = await one.rt.identity.apiKeys.create({ user: 'parallel', limits: { budget: { usd: 0.002, period: 'monthly' } } });
    const before = fake.requests.length;
    const results = await Promise.allSettled(Array.from({ length: 16 }, (_, i) => ask(i % 2 === 0 ? one.base : two.base, key)));
    const served = results.filter((r) => r.status === 'fulfilled').length;
    expect(served).toBeGreaterThanOrEqual(3);
    expect(served).toBeLessThan(16);
    expect(fake.requests.length - before).toBe(served);
    const used = (await one.rt.quota.counters.get(`key:rk_${info.id}|monthly@${Date.UTC(new Date().getUTCFullYear(), new Date().getUTCMonth(), 1)}`)) / 1e9;
    expect(used).toBeCloseTo(served * ((12 * 3 + 7 * 15) / 1e6), 9);
    expect(used).toBeLessThanOrEqual(0.002);
  });
});
