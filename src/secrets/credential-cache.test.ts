import { describe, expect, it } from 'vitest';
import { CredentialCache } from './credential-cache.js';
import { SecretValue } from './secret-value.js';

function counting(values: Record<string, string>) {
  const calls: string[] = [];
  return {
    calls,
    async resolve(server: string, user: string | undefined) {
      calls.push(`${server}/${user ?? '*'}`);
      if (server === 'broken') throw new Error('decrypt failed');
      const v = values[`${server}/${user ?? '*'}`] ?? values[`${server}/*`];
      return v === undefined ? undefined : new SecretValue(v);
    },
  };
}

describe('CredentialCache', () => {
  it('reads through once per key within the ttl, and again after it', async () => {
    let now = 0;
    const inner = counting({ 'gh/*': 'shared', 'gh/ann': 'own' });
    const cache = new CredentialCache({ inner, ttlMs: 1000, now: () => now });
    expect((await cache.resolve('gh', 'ann'))?.reveal()).toBe('own');
    expect((await cache.resolve('gh', 'ann'))?.reveal()).toBe('own');
    expect((await cache.resolve('gh', undefined))?.reveal()).toBe('shared');
    expect(inner.calls).toEqual(['gh/ann', 'gh/*']);
    now = 1001;
    await cache.resolve('gh', 'ann');
    expect(inner.calls).toEqual(['gh/ann', 'gh/*', 'gh/ann']);
  });

  it('forgets everything on clear, and never keeps a failure', async () => {
    const inner = counting({});
    const cache = new CredentialCache({ inner });
    await cache.resolve('gh', undefined);
    cache.clear();
    await cache.resolve('gh', undefined);
    await expect(cache.resolve('broken', undefined)).rejects.toThrow('decrypt failed');
    await expect(cache.resolve('broken', undefined)).rejects.toThrow('decrypt failed');
    expect(inner.calls).toEqual(['gh/*', 'gh/*', 'broken/*', 'broken/*']);
  });

  it('stays bounded, dropping the oldest key', async () => {
    const inner = counting({});
    const cache = new CredentialCache({ inner, max: 2 });
    await cache.resolve('a', undefined);
    await cache.resolve('b', undefined);
    await cache.resolve('c', undefined);
    await cache.resolve('b', undefined);
    await cache.resolve('a', undefined);
    expect(inner.calls).toEqual(['a/*', 'b/*', 'c/*', 'a/*']);
  });
});
