import { describe, expect, it } from 'vitest';
import { addUsage, costOf, emptyUsage, usageOfEvent } from './usage.js';

describe('usage', () => {
  it('folds Anthropic stream usage, cumulative counts taking the larger value', () => {
    const u = emptyUsage();
    addUsage(u, 'anthropic', usageOfEvent('anthropic', 'message_start', JSON.stringify({ type: 'message_start', message: { usage: { input_tokens: 30, cache_read_input_tokens: 100, cache_creation_input_tokens: 5, output_tokens: 1 } } })));
    addUsage(u, 'anthropic', usageOfEvent('anthropic', 'message_delta', JSON.stringify({ type: 'message_delta', usage: { output_tokens: 42 } })));
    expect(usageOfEvent('anthropic', 'content_block_delta', '{"usage":{"output_tokens":9}}')).toBeUndefined();
    expect(u).toEqual({ input: 30, output: 42, cacheRead: 100, cacheWrite: 5, reasoning: 0 });
  });

  it('splits OpenAI cached prompt tokens out of the input, and keeps reasoning tokens', () => {
    const u = emptyUsage();
    addUsage(u, 'openai', { prompt_tokens: 100, completion_tokens: 50, prompt_tokens_details: { cached_tokens: 60 }, completion_tokens_details: { reasoning_tokens: 20 } });
    expect(u).toEqual({ input: 40, output: 50, cacheRead: 60, cacheWrite: 0, reasoning: 20 });
    expect(usageOfEvent('openai', undefined, '{"choices":[{"delta":{"content":"hi"}}]}')).toBeUndefined();
    expect(usageOfEvent('openai', undefined, 'not json "usage"')).toBeUndefined();
  });

  it('ignores what is not a count', () => {
    const u = emptyUsage();
    addUsage(u, 'anthropic', { input_tokens: -3, output_tokens: 'many' });
    addUsage(u, 'openai', null);
    expect(u).toEqual(emptyUsage());
  });

  it('prices cached reads and writes at their own rates, falling back to the input price', () => {
    const u = { input: 1_000_000, output: 1_000_000, cacheRead: 1_000_000, cacheWrite: 1_000_000, reasoning: 0 };
    expect(costOf(u, { input: 3, output: 15, cacheRead: 0.3, cacheWrite: 3.75 })).toBeCloseTo(22.05, 9);
    expect(costOf(u, { input: 2, output: 8 })).toBeCloseTo(14, 9);
    expect(costOf(u, undefined)).toBeUndefined();
  });
});
