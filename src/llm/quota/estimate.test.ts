import { describe, expect, it } from 'vitest';
import { estimateInputTokens, maxOutputTokens } from './estimate.js';

describe('request estimates', () => {
  it('counts text at four characters a token plus framing per message', () => {
    const body = { system: 'x'.repeat(40), messages: [{ role: 'user', content: 'y'.repeat(400) }] };
    // 40 + 400 + 'user' (4) characters = 111 tokens, + 4 framing.
    expect(estimateInputTokens(body)).toBe(115);
  });

  it('charges a base64 image a flat rate instead of its length', () => {
    const image = { type: 'image', source: { type: 'base64', media_type: 'image/png', data: 'A'.repeat(2_000_000) } };
    const n = estimateInputTokens({ messages: [{ role: 'user', content: [image] }] });
    expect(n).toBeGreaterThan(1_600);
    expect(n).toBeLessThan(1_700);
    const url = { type: 'image_url', image_url: { url: `data:image/png;base64,${'A'.repeat(100_000)}` } };
    expect(estimateInputTokens({ messages: [{ role: 'user', content: [url] }] })).toBeLessThan(1_700);
  });

  it('counts tool definitions, which the provider bills as input', () => {
    const tools = [{ name: 'search', description: 'd'.repeat(400), input_schema: { type: 'object' } }];
    expect(estimateInputTokens({ messages: [], tools })).toBeGreaterThan(100);
  });

  it("takes the request's output cap, or the default", () => {
    expect(maxOutputTokens('anthropic', { max_tokens: 1000 }, 4096)).toBe(1000);
    expect(maxOutputTokens('openai', { max_completion_tokens: 300, max_tokens: 900 }, 4096)).toBe(300);
    expect(maxOutputTokens('openai', { max_tokens: 900 }, 4096)).toBe(900);
    expect(maxOutputTokens('openai', {}, 4096)).toBe(4096);
    expect(maxOutputTokens('openai', { max_tokens: 'lots' }, 4096)).toBe(4096);
  });
});
