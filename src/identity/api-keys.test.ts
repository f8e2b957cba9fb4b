import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { MemoryStore } from '../store/memory.js';
import { SqliteStore } from '../store/sqlite.js';
import { tempDir } from '../store/test-records.js';
import { apiKeyId, apiKeyMatches, generateApiKey, hashApiKey } from './api-key-format.js';
import { ApiKeys, isRefusal } from './api-keys.js';

const cleanups: (() => void)[] = [];
afterEach(() => {
  for (const c of cleanups.splice(0)) c();
});

describe('API key format', () => {
  it('generates rk_ keys with a public id and 256 random bits, distinct each time', () => {
    const a = generateApiKey();
    const b = generateApiKey();
    expect(a.key).toMatch(/^rk_[0-9a-f]{16}_[\w-]{43}$/);
    expect(apiKeyId(a.key)).toBe(a.id);
    expect(a.key).not.toBe(b.key);
    expect(a.hash).toBe(hashApiKey(a.key));
  });

  it('matches only the exact key against its hash', () => {
    const { key, hash } = generateApiKey();
    expect(apiKeyMatches(key, hash)).toBe(true);
    expect(apiKeyMatches(`${key.slice(0, -1)}${key.endsWith('A') ? 'B' : 'A'}`, hash)).toBe(false);
    expect(apiKeyMatches(key, 'zz')).toBe(false);
  });
});

describe('ApiKeys', () => {
  it('verifies a created key as its user, groups and scopes', async () => {
    const keys = new ApiKeys({ store: new MemoryStore() });
    const { key, info } = await keys.create({ user: 'ada', groups: ['dev'], scopes: ['mcp:github'], name: 'laptop' });
    expect(await keys.verify(key)).toEqual({ user: 'ada', groups: ['dev'], via: 'api-key', scopes: ['mcp:github'], keyId: info.prefix });
    expect(info).not.toHaveProperty('hash');
    expect(JSON.stringify(await keys.list())).not.toContain(key);
  });

  it('refuses unknown, malformed, revoked and expired keys', async () => {
    let now = 1_000;
    const keys = new ApiKeys({ store: new MemoryStore(), now: () => now });
    const a = await keys.create({ user: 'ada' });
    const b = await keys.create({ user: 'bob', expiresAt: 2_000 });
    const forged = `rk_${a.info.id}_${'A'.repeat(43)}`;
    expect(await keys.verify(forged)).toEqual({ description: 'unknown API key' });
    expect(await keys.verify('rk_nope')).toEqual({ description: 'malformed API key' });
    expect(await keys.revoke(a.info.prefix)).toBe(true);
    expect(await keys.revoke(a.info.id)).toBe(false);
    expect(await keys.verify(a.key)).toEqual({ description: 'API key revoked' });
    expect(isRefusal(await keys.verify(b.key))).toBe(false);
    now = 2_000;
    expect(await keys.verify(b.key)).toEqual({ description: 'API key expired' });
  });

  it('rejects bad names, scopes and a past expiry', async () => {
    const keys = new ApiKeys({ store: new MemoryStore(), now: () => 10 });
    await expect(keys.create({ user: 'a b' })).rejects.toThrow(/invalid user/);
    await expect(keys.create({ user: 'ada', scopes: ['MCP!'] })).rejects.toThrow(/invalid scope/);
    await expect(keys.create({ user: 'ada', expiresAt: 5 })).rejects.toThrow(/future/);
  });

  it('keeps only the hash at rest: the key appears nowhere in the SQLite files', async () => {
    const tmp = tempDir();
    const store = new SqliteStore({ path: join(tmp.dir, 'rampart.db') });
    cleanups.push(() => tmp.remove());
    const keys = new ApiKeys({ store });
    const { key, info } = await keys.create({ user: 'ada' });
    await store.close();
    const bytes = readdirSync(tmp.dir).map((f) => readFileSync(join(tmp.dir, f)).toString('latin1')).join('');
    // The secret follows `rk_<16 hex>_`; it may itself contain '_', so cut by position, not at the last '_'.
    const secret = key.slice(20);
    expect(bytes).toContain(hashApiKey(key)); // the row is there…
    expect(bytes).toContain(info.id);
    expect(bytes).not.toContain(secret); // …but not the key's secret part
    const reopened = new SqliteStore({ path: join(tmp.dir, 'rampart.db') });
    expect(await new ApiKeys({ store: reopened }).verify(key)).toMatchObject({ user: 'ada' });
    await reopened.close();
  });
});

describe('API key team and limits', () => {
  it('carries the team and limits from creation to the principal, and refuses a bad team name', async () => {
    const keys = new ApiKeys({ store: new MemoryStore() });
    const limits = { budget: { usd: 5, period: 'daily' as const }, rpm: 10, allowedModels: ['gpt-*'] };
    const { key, info } = await keys.create({ user: 'ann', team: 'research', limits });
    expect(info).toMatchObject({ team: 'research', limits });
    const p = await keys.verify(key);
    expect(isRefusal(p)).toBe(false);
    expect(p).toMatchObject({ user: 'ann', team: 'research', limits, keyId: `rk_${info.id}` });
    await expect(keys.create({ user: 'ann', team: 'bad team' })).rejects.toThrow(/invalid user, group or team name/);
  });
});
