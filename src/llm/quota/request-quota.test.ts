import { describe, expect, it } from 'vitest';
import type { ModelPrice } from '../price-table.js';
import { askOf } from './request-quota.js';

function route(targets: readonly { model?: string; price?: ModelPrice }[]) {
  return { targets: targets.map((t) => ({ model: t.model, price: t.price })) };
}

const base = { subject: { user: 'ann' }, format: 'openai' as const, body: { max_tokens: 1000, messages: [{ role: 'user', content: 'hi' }] }, prices: {}, defaultMaxTokens: 4096 };

describe('askOf', () => {
  it('prices the estimate at the dearest target, a target’s own price first', () => {
    const a = askOf({ ...base, model: 'm', resolved: 'm', route: route([{ model: 'cheap', price: { input: 1, output: 1 } }, { model: 'dear', price: { input: 10, output: 10 } }]) });
    expect(a.unpriced).toBeUndefined();
    // (input estimate + 1,000 output tokens) × $10 per million
    expect(a.estimate.nanoUsd).toBe(Math.round(((a.estimate.tokens * 10) / 1e6) * 1e9));
    expect(a.names).toEqual(['m', 'cheap', 'dear']);
  });

  it('names a target model the table does not price', () => {
    const a = askOf({ ...base, model: 'gpt-5', resolved: 'gpt-5', prices: { 'gpt-5': { input: 1, output: 2 } }, route: route([{}, { model: 'local-llama' }]) });
    expect(a.unpriced).toBe('local-llama');
    const priced = askOf({ ...base, model: 'gpt-5', resolved: 'gpt-5', prices: { 'gpt-5': { input: 1, output: 2 }, 'local-llama': { input: 0, output: 0 } }, route: route([{}, { model: 'local-llama' }]) });
    expect(priced.unpriced).toBeUndefined();
  });
});
