import { describe, expect, it } from 'vitest';
import { PRICE_TABLE, priceOf } from './price-table.js';

describe('priceOf', () => {
  it('finds a model as named, and a dated snapshot of it', () => {
    expect(priceOf(PRICE_TABLE, 'claude-sonnet-4-5')?.input).toBe(3);
    expect(priceOf(PRICE_TABLE, 'claude-sonnet-4-5-20250929')?.output).toBe(15);
    expect(priceOf(PRICE_TABLE, 'gpt-4o-2024-08-06')?.input).toBe(2.5);
  });

  it('prices a Bedrock id as the provider model inside it', () => {
    expect(priceOf(PRICE_TABLE, 'anthropic.claude-sonnet-4-5-20250929-v1:0')).toEqual(PRICE_TABLE['claude-sonnet-4-5']);
    expect(priceOf(PRICE_TABLE, 'us.anthropic.claude-haiku-4-5-20251001-v1:0')).toEqual(PRICE_TABLE['claude-haiku-4-5']);
    expect(priceOf(PRICE_TABLE, 'global.anthropic.claude-opus-4-1-20250805-v1:0')?.output).toBe(75);
  });

  it('prices the current Claude and OpenAI lineups, dated snapshots included', () => {
    expect(priceOf(PRICE_TABLE, 'claude-opus-5-5')).toEqual({ input: 4, output: 20, cacheRead: 0.2, cacheWrite: 5 });
    expect(priceOf(PRICE_TABLE, 'claude-sonnet-5-5-20260922')?.input).toBe(2);
    expect(priceOf(PRICE_TABLE, 'us.anthropic.claude-opus-4-6-v1:0')?.output).toBe(25);
    expect(priceOf(PRICE_TABLE, 'gpt-6-sol-2026-09-22')?.cacheRead).toBe(0.2);
  });

  it('holds only consistent rows: output dearer than input (embeddings have none), cache reads cheaper, cache writes dearer', () => {
    for (const [model, p] of Object.entries(PRICE_TABLE)) {
      if (model.includes('embedding')) expect(p.output, model).toBe(0);
      else expect(p.output, model).toBeGreaterThan(p.input);
      if (p.cacheRead !== undefined) expect(p.cacheRead, model).toBeLessThan(p.input);
      if (p.cacheWrite !== undefined) expect(p.cacheWrite, model).toBeGreaterThan(p.input);
    }
  });

  it('knows nothing it was not told', () => {
    expect(priceOf(PRICE_TABLE, 'my-finetune')).toBeUndefined();
    expect(priceOf(PRICE_TABLE, 'anthropic.unknown-model-v1:0')).toBeUndefined();
    expect(priceOf({ 'my-finetune': { input: 0, output: 0 } }, 'my-finetune')?.input).toBe(0);
  });
});

describe('priceOf, asked again', () => {
  it('answers a repeated name as the first time, per table, and past the memo’s bound', () => {
    const table = { 'my-model': { input: 1, output: 2 } };
    const names = ['my-model', 'my-model-20250101', 'anthropic.my-model-v1:0', 'nothing', 'claude-sonnet-4-5'];
    for (let round = 0; round < 3; round++) {
      expect(names.map((n) => priceOf(table, n))).toEqual([table['my-model'], table['my-model'], table['my-model'], undefined, undefined]);
      expect(priceOf(PRICE_TABLE, 'claude-sonnet-4-5')?.input).toBe(3);
    }
    for (let i = 0; i < 1100; i++) expect(priceOf(table, `other-${i}`)).toBeUndefined();
    expect(priceOf(table, 'my-model-2025-01-01')).toBe(table['my-model']);
  });
});
