import OpenAI from 'openai';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startEmbeddingsFake } from '../fakes/openai-embeddings.js';
import type { FakeServer } from '../fakes/recording-server.js';
import { startLlmHarness, type LlmHarness } from './llm-harness.js';

// `/v1/embeddings` counts against the same budgets and rate limits as chat: reserved at its input estimate,
// settled to the reported tokens.

let embed: FakeServer;
let gw: LlmHarness;
beforeAll(async () => {
  embed = await startEmbeddingsFake({ dimensions: 8 });
  gw = await startLlmHarness({
    llm: {
      providers: { embed: { format: 'openai', baseUrl: `${embed.url}/v1`, apiKey: 'sk-embed' } },
      models: [{ match: 'text-embedding-3-small', provider: 'embed' }],
      prices: { 'text-embedding-3-small': { input: 0.02, output: 0 } },
    },
    // Local mode: the caller is the `local` user.
    quotas: { users: { local: { rpm: 2 } } },
  });
});
afterAll(async () => {
  await gw.close();
  await embed.close();
});

describe('embeddings under quotas', () => {
  it('charges the reported tokens and answers the request past the RPM with a RateLimitError', async () => {
    const c = new OpenAI({ baseURL: `${gw.base}/v1`, apiKey: 'sk-caller', maxRetries: 0 });
    await c.embeddings.create({ model: 'text-embedding-3-small', input: ['the capital of France', 'penguins'] });
    // 5 tokens at $0.02 per million, in nano-dollars.
    expect(await gw.rt.quota.counters.get('user:local|none@0')).toBe(100);
    await c.embeddings.create({ model: 'text-embedding-3-small', input: 'again' });
    const before = embed.requests.length;
    await expect(c.embeddings.create({ model: 'text-embedding-3-small', input: 'once more' })).rejects.toBeInstanceOf(OpenAI.RateLimitError);
    expect(embed.requests.length).toBe(before);
  });
});
