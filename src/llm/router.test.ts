import { describe, expect, it } from 'vitest';
import { ModelRouter } from './router.js';

const providers = new Map([
  ['a', { id: 'a', format: 'anthropic' as const }],
  ['o', { id: 'o', format: 'openai' as const }],
]);

describe('ModelRouter', () => {
  it('routes by exact name, then prefix, first match winning, and renames aliases', () => {
    const r = new ModelRouter(
      [
        { match: 'fast', provider: 'o', model: 'gpt-4o-mini' },
        { match: 'claude-opus-4', provider: 'o' },
        { match: 'claude-*', provider: 'a' },
      ],
      providers,
    );
    expect(r.resolve('fast')).toEqual({ provider: providers.get('o'), model: 'gpt-4o-mini', renamed: true });
    expect(r.resolve('claude-opus-4')?.provider.id).toBe('o');
    expect(r.resolve('claude-haiku-4-5')).toEqual({ provider: providers.get('a'), model: 'claude-haiku-4-5', renamed: false });
    expect(r.resolve('mistral')).toBeUndefined();
    expect(r.names()).toEqual([
      { id: 'fast', provider: 'o' },
      { id: 'claude-opus-4', provider: 'o' },
    ]);
  });
});
