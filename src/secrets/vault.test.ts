import { randomBytes } from 'node:crypto';
import { chmodSync, readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { inspect } from 'node:util';
import Database from 'better-sqlite3';
import { afterEach, describe, expect, it } from 'vitest';
import { MemoryStore } from '../store/memory.js';
import { SqliteStore } from '../store/sqlite.js';
import { tempDir } from '../store/test-records.js';
import { loadVaultKeys, vaultKey, type VaultKeyring } from './vault-keys.js';
import { Vault } from './vault.js';

const cleanups: (() => void)[] = [];
afterEach(() => {
  for (const c of cleanups.splice(0)) c();
});

function ring(...keys: Buffer[]): VaultKeyring {
  const all = keys.map(vaultKey);
  const current = all[0];
  if (current === undefined) throw new Error('no key');
  return { current, byId: new Map(all.map((k) => [k.id, k])), source: 'test' };
}

function sqlite() {
  const tmp = tempDir();
  cleanups.push(() => tmp.remove());
  const path = join(tmp.dir, 'rampart.db');
  return { dir: tmp.dir, path, open: () => new SqliteStore({ path }) };
}

const TOKEN = 'ghp_SuperSecretUpstreamToken1234567890';

describe('Vault', () => {
  it('round-trips a value, prefers the user’s own credential over the shared one', async () => {
    const vault = new Vault({ store: new MemoryStore(), keys: () => ring(randomBytes(32)) });
    await vault.set({ server: 'github' }, 'shared');
    await vault.set({ server: 'github', user: 'ada' }, TOKEN);
    expect((await vault.get({ server: 'github', user: 'ada' }))?.reveal()).toBe(TOKEN);
    expect((await vault.resolve('github', 'ada'))?.reveal()).toBe(TOKEN);
    expect((await vault.resolve('github', 'bob'))?.reveal()).toBe('shared');
    expect(await vault.resolve('jira', 'ada')).toBeUndefined();
    expect((await vault.list()).map((c) => [c.id, c.owner])).toEqual([['github', '*'], ['github/ada', 'ada']]);
    expect(await vault.delete({ server: 'github' })).toBe(true);
    expect(await vault.resolve('github', 'bob')).toBeUndefined();
  });

  it('never prints a decrypted value', async () => {
    const vault = new Vault({ store: new MemoryStore(), keys: () => ring(randomBytes(32)) });
    await vault.set({ server: 's' }, TOKEN);
    const v = await vault.get({ server: 's' });
    expect(`${String(v)} ${JSON.stringify({ v })} ${inspect(v)}`).not.toContain(TOKEN);
  });

  it('keeps only ciphertext in the SQLite file, a fresh nonce per write', async () => {
    const db = sqlite();
    const store = db.open();
    const vault = new Vault({ store, keys: () => ring(randomBytes(32)) });
    await vault.set({ server: 'github' }, TOKEN);
    const first = await store.getCredential('github');
    await vault.set({ server: 'github' }, TOKEN);
    const second = await store.getCredential('github');
    await store.close();
    expect(first?.nonce).not.toBe(second?.nonce);
    expect(first?.ciphertext).not.toBe(second?.ciphertext);
    const bytes = readdirSync(db.dir).map((f) => readFileSync(join(db.dir, f)).toString('latin1')).join('');
    expect(bytes).toContain(second?.ciphertext ?? 'missing');
    expect(bytes).not.toContain(TOKEN);
    expect(bytes).not.toContain(Buffer.from(TOKEN).toString('base64').slice(0, 20));
  });

  it('refuses a tampered ciphertext, and a ciphertext moved to another user', async () => {
    const db = sqlite();
    const keys = ring(randomBytes(32));
    let store = db.open();
    let vault = new Vault({ store, keys: () => keys });
    await vault.set({ server: 'github', user: 'ada' }, TOKEN);
    await vault.set({ server: 'github', user: 'eve' }, 'eve-token');
    await store.close();
    const raw = new Database(db.path);
    const row = raw.prepare<[], { ciphertext: string; nonce: string }>("SELECT ciphertext, nonce FROM credentials WHERE id = 'github/ada'").get();
    const flipped = Buffer.from(row?.ciphertext ?? '', 'base64');
    flipped[0] = (flipped[0] ?? 0) ^ 1;
    raw.prepare("UPDATE credentials SET ciphertext = ? WHERE id = 'github/ada'").run(flipped.toString('base64'));
    // Eve copies Ada's (untampered) nonce and ciphertext into her own row.
    raw.prepare("UPDATE credentials SET ciphertext = ?, nonce = ? WHERE id = 'github/eve'").run(row?.ciphertext, row?.nonce);
    raw.close();
    store = db.open();
    vault = new Vault({ store, keys: () => keys });
    await expect(vault.get({ server: 'github', user: 'ada' })).rejects.toThrow(/failed authentication/);
    await expect(vault.get({ server: 'github', user: 'eve' })).rejects.toThrow(/failed authentication/);
    await store.close();
  });

  it('refuses to decrypt with the wrong key', async () => {
    const store = new MemoryStore();
    const a = randomBytes(32);
    await new Vault({ store, keys: () => ring(a) }).set({ server: 's' }, TOKEN);
    // Same key id, different bytes: what a swapped key file with a forged id would look like.
    const rec = await store.getCredential('s');
    const wrong = { current: { id: rec?.keyId ?? '', key: randomBytes(32) }, byId: new Map([[rec?.keyId ?? '', { id: rec?.keyId ?? '', key: randomBytes(32) }]]), source: 'x' };
    await expect(new Vault({ store, keys: () => wrong }).get({ server: 's' })).rejects.toThrow(/failed authentication/);
    await expect(new Vault({ store, keys: () => ring(randomBytes(32)) }).get({ server: 's' })).rejects.toThrow(/not loaded/);
  });

  it('rotates: old records still decrypt with the old key loaded, then are re-encrypted under the new one', async () => {
    const store = new MemoryStore();
    const oldKey = randomBytes(32);
    const newKey = randomBytes(32);
    await new Vault({ store, keys: () => ring(oldKey) }).set({ server: 's', user: 'ada' }, TOKEN);
    const both = new Vault({ store, keys: () => ring(newKey, oldKey) });
    expect((await both.get({ server: 's', user: 'ada' }))?.reveal()).toBe(TOKEN);
    expect(await both.rotate()).toBe(1);
    expect(await both.rotate()).toBe(0);
    expect((await store.getCredential('s/ada'))?.keyId).toBe(vaultKey(newKey).id);
    expect((await new Vault({ store, keys: () => ring(newKey) }).get({ server: 's', user: 'ada' }))?.reveal()).toBe(TOKEN);
  });

  it('rejects bad names, an empty value and an oversized one', async () => {
    const vault = new Vault({ store: new MemoryStore(), keys: () => ring(randomBytes(32)) });
    await expect(vault.set({ server: 'a/b' }, 'x')).rejects.toThrow(/invalid server/);
    await expect(vault.set({ server: 's', user: '../x' }, 'x')).rejects.toThrow(/invalid user/);
    await expect(vault.set({ server: 's' }, '')).rejects.toThrow(/empty/);
    await expect(vault.set({ server: 's' }, 'x'.repeat(64 * 1024 + 1))).rejects.toThrow(/at most/);
  });
});

describe('loadVaultKeys', () => {
  it('creates <data>/vault.key with mode 0600 on first use and reads the same key back', () => {
    const { dir } = sqlite();
    const a = loadVaultKeys({ data: dir, env: {} });
    expect(statSync(join(dir, 'vault.key')).mode & 0o777).toBe(0o600);
    expect(loadVaultKeys({ data: dir, env: {} }).current.id).toBe(a.current.id);
  });

  it('refuses a key file readable by others', () => {
    const { dir } = sqlite();
    writeFileSync(join(dir, 'vault.key'), randomBytes(32).toString('base64'));
    chmodSync(join(dir, 'vault.key'), 0o644);
    expect(() => loadVaultKeys({ data: dir, env: {} })).toThrow(/chmod 600/);
  });

  it('takes RAMPART_VAULT_KEY over the file, rejects a wrong length, loads old keys for rotation', () => {
    const { dir } = sqlite();
    const k = randomBytes(32);
    const old = randomBytes(32);
    const r = loadVaultKeys({ data: dir, env: { RAMPART_VAULT_KEY: k.toString('base64'), RAMPART_VAULT_OLD_KEYS: old.toString('base64') } });
    expect(r.current.id).toBe(vaultKey(k).id);
    expect([...r.byId.keys()]).toEqual([vaultKey(k).id, vaultKey(old).id]);
    expect(readdirSync(dir)).not.toContain('vault.key');
    expect(() => loadVaultKeys({ data: dir, env: { RAMPART_VAULT_KEY: randomBytes(16).toString('base64') } })).toThrow(/32 bytes/);
  });
});
