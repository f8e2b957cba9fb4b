import { afterEach, describe, expect, it } from 'vitest';
import { bagOfWordsEmbedding, startEmbeddingsFake } from './openai-embeddings.js';
import type { FakeServer } from './recording-server.js';
import { postJson } from './test-sse.js';

let fake: FakeServer | undefined;
afterEach(async () => {
  await fake?.close();
  fake = undefined;
});

const cos = (a: number[], b: number[]) => a.reduce((s, x, i) => s + x * (b[i] as number), 0);

describe('fake OpenAI embeddings server', () => {
  it('puts paraphrases close together and unrelated texts apart', () => {
    const a = bagOfWordsEmbedding('What is the capital of France?', 256);
    const b = bagOfWordsEmbedding('Tell me the capital of France, please', 256);
    const c = bagOfWordsEmbedding('Write a haiku about penguins on ice', 256);
    expect(cos(a, b)).toBeGreaterThan(0.99);
    expect(cos(a, c)).toBeLessThan(0.5);
  });

  it('answers floats or base64 with usage, and errors in OpenAI format', async () => {
    const f0 = await startEmbeddingsFake({ dimensions: 8 });
    fake = f0;
    const f = JSON.parse((await postJson(`${f0.url}/v1/embeddings`, { model: 'e', input: ['one two', 'three'], encoding_format: 'float' })).text) as { data: { embedding: number[] }[]; usage: { prompt_tokens: number } };
    expect(f.data).toHaveLength(2);
    expect(f.data[0]?.embedding).toHaveLength(8);
    expect(f.usage.prompt_tokens).toBe(3);
    const b = JSON.parse((await postJson(`${f0.url}/v1/embeddings`, { model: 'e', input: 'one two', encoding_format: 'base64' })).text) as { data: { embedding: string }[] };
    expect(Buffer.from(b.data[0]?.embedding ?? '', 'base64').length).toBe(32);
    const bad = await postJson(`${f0.url}/v1/embeddings`, { model: 'e' });
    expect(bad.status).toBe(400);
    expect(JSON.parse(bad.text)).toMatchObject({ error: { type: 'invalid_request_error' } });
  });
});
