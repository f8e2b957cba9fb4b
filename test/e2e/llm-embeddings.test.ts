import OpenAI from 'openai';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startAnthropicFake } from '../fakes/anthropic.js';
import { bagOfWordsEmbedding, startEmbeddingsFake } from '../fakes/openai-embeddings.js';
import type { FakeServer } from '../fakes/recording-server.js';
import { textStep } from '../fakes/script.js';
import { postJson } from '../fakes/test-sse.js';
import { startLlmHarness, type LlmHarness } from './llm-harness.js';

// `/v1/embeddings` through the official OpenAI SDK: routed by `llm.models` like chat, usage in the request log,
// errors in OpenAI's format.

let embed: FakeServer;
let backup: FakeServer;
let anthropic: FakeServer;
let gw: LlmHarness;

beforeAll(async () => {
  embed = await startEmbeddingsFake({ dimensions: 32, fail: (r) => (JSON.stringify(r.body).includes('too long') ? { status: 400, type: 'invalid_request_error', message: "This model's maximum context length is 8192 tokens" } : r.path === '/v1/embeddings' && JSON.stringify(r.body).includes('flaky') ? { status: 503, type: 'server_error', message: 'overloaded' } : undefined) });
  backup = await startEmbeddingsFake({ dimensions: 32 });
  anthropic = await startAnthropicFake({ script: [textStep('hi')] });
  gw = await startLlmHarness({
    llm: {
      providers: {
        embed: { format: 'openai', baseUrl: `${embed.url}/v1`, apiKey: 'sk-embed' },
        backup: { format: 'openai', baseUrl: `${backup.url}/v1`, apiKey: 'sk-backup' },
        anthropic: { format: 'anthropic', baseUrl: anthropic.url },
      },
      models: [
        { match: 'text-embedding-3-small', targets: [{ provider: 'embed' }, { provider: 'backup' }] },
        { match: 'claude-*', provider: 'anthropic' },
      ],
      aliases: { small: 'text-embedding-3-small' },
      prices: { 'text-embedding-3-small': { input: 0.02, output: 0 } },
    },
  });
});
afterAll(async () => {
  await gw.close();
  await embed.close();
  await backup.close();
  await anthropic.close();
});

const client = () => new OpenAI({ baseURL: `${gw.base}/v1`, apiKey: 'sk-caller', maxRetries: 0 });

describe('/v1/embeddings', () => {
  it('answers the SDK (base64 by default, decoded by the SDK) with the provider vectors, and logs the tokens', async () => {
    const res = await client().embeddings.create({ model: 'text-embedding-3-small', input: ['the capital of France', 'penguins'] });
    expect(res.data).toHaveLength(2);
    const expected = bagOfWordsEmbedding('the capital of France', 32);
    res.data[0]?.embedding.forEach((x, i) => expect(x).toBeCloseTo(expected[i] as number, 5));
    expect(res.usage).toEqual({ prompt_tokens: 5, total_tokens: 5 });
    expect((embed.requests.at(-1)?.body as { encoding_format: string }).encoding_format).toBe('base64');
    expect(embed.requests.at(-1)?.headers['authorization']).toBe('Bearer sk-embed');
    await gw.rt.llmRequests.flush();
    const row = (await gw.rt.store.listLlmRequests())[0];
    expect(row).toMatchObject({ operation: 'embeddings', model: 'text-embedding-3-small', provider: 'embed', status: 200, inputTokens: 5, outputTokens: 0, cacheHit: false });
    expect(row?.costUsd).toBeCloseTo((5 * 0.02) / 1e6, 15);
  });

  it('takes float vectors and aliases', async () => {
    const res = await client().embeddings.create({ model: 'small', input: 'hello world', encoding_format: 'float' });
    expect(res.data[0]?.embedding).toHaveLength(32);
  });

  it('falls over to the next target like chat', async () => {
    const before = backup.requests.length;
    const res = await client().embeddings.create({ model: 'text-embedding-3-small', input: 'flaky input' }).withResponse();
    expect(res.data.data).toHaveLength(1);
    expect(res.response.headers.get('x-rampart-route')).toBe('backup');
    expect(backup.requests.length).toBe(before + 1);
  });

  it('answers errors in OpenAI format: unknown model, a provider 400, a non-OpenAI provider, bad JSON', async () => {
    await expect(client().embeddings.create({ model: 'nope', input: 'x' })).rejects.toMatchObject({ status: 404, code: 'model_not_found' });
    const e = await client().embeddings.create({ model: 'text-embedding-3-small', input: 'too long' }).catch((x: unknown) => x);
    expect(e).toBeInstanceOf(OpenAI.BadRequestError);
    expect(e).toMatchObject({ message: expect.stringContaining('maximum context length') });
    await expect(client().embeddings.create({ model: 'claude-x', input: 'x' })).rejects.toBeInstanceOf(OpenAI.BadRequestError);
    const raw = await fetch(`${gw.base}/v1/embeddings`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{"model":' });
    expect(raw.status).toBe(400);
    expect(await raw.json()).toMatchObject({ error: { type: 'invalid_request_error' } });
    const noInput = await postJson(`${gw.base}/v1/embeddings`, { model: 'text-embedding-3-small' });
    expect(noInput.status).toBe(400);
    expect(JSON.parse(noInput.text)).toMatchObject({ error: { message: expect.stringContaining('input') } });
  });
});
