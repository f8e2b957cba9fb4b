import { afterEach, describe, expect, it } from 'vitest';
import { join } from 'node:path';
import { canonicalJson } from './audit.js';
import { MemoryStore } from './memory.js';
import { SqliteStore } from './sqlite.js';
import { MAX_PAGE } from './store.js';
import type { Store } from './store.js';
import { record, records, tempDir } from './test-records.js';

// The contract every Store keeps, run against each implementation: callers must not tell them apart.

const cleanups: (() => void)[] = [];
afterEach(() => {
  for (const cleanup of cleanups.splice(0)) cleanup();
});

const IMPLEMENTATIONS: readonly [string, () => Store][] = [
  ['MemoryStore', () => new MemoryStore({ now: () => 42 })],
  [
    'SqliteStore',
    () => {
      const tmp = tempDir();
      const store = new SqliteStore({ path: join(tmp.dir, 'rampart.db'), now: () => 42 });
      cleanups.push(() => {
        void store.close();
        tmp.remove();
      });
      return store;
    },
  ],
];

describe.each(IMPLEMENTATIONS)('%s', (_name, open) => {
  it('returns a session summary kept current by each batch', async () => {
    const store = open();
    await store.append(records('s1', 1, 4));
    await store.append([record('s1', 5)]);
    expect(await store.getSession('s1')).toEqual({
      id: 's1',
      agent: 'claude-code',
      user: 'ada',
      startedAt: record('s1', 1).event.at,
      lastSeenAt: record('s1', 5).event.at,
      events: 5,
      lastSeq: 5,
      lastAction: 'deny',
    });
    expect(await store.getSession('nope')).toBeUndefined();
  });

  it('keeps the last action of the highest seq when a batch arrives out of order', async () => {
    const store = open();
    await store.append([record('s1', 5), record('s1', 4)]);
    const session = await store.getSession('s1');
    expect([session?.lastSeq, session?.lastAction]).toEqual([5, 'deny']);
  });

  it('reads back records equal to what was appended, in seq order', async () => {
    const store = open();
    const input = records('s1', 1, 10);
    await store.append([...input.slice(5), record('s2', 1)]);
    await store.append(input.slice(0, 5));
    const back = await store.sessionEvents('s1');
    expect(back.map((r) => r.event.seq)).toEqual([1, 2, 3, 4, 5, 6, 7, 8, 9, 10]);
    expect(back.map((r) => canonicalJson(r))).toEqual(input.map((r) => canonicalJson(r)));
    expect(await store.sessionEvents('unknown')).toEqual([]);
  });

  it('pages a session with afterSeq and limit', async () => {
    const store = open();
    await store.append(records('s1', 1, 10));
    const page = await store.sessionEvents('s1', { afterSeq: 3, limit: 4 });
    expect(page.map((r) => r.event.seq)).toEqual([4, 5, 6, 7]);
    expect((await store.sessionEvents('s1', { limit: 0 })).length).toBe(0);
    expect((await store.sessionEvents('s1', { limit: MAX_PAGE + 5 })).length).toBe(10);
  });

  it('lists sessions newest first and pages through ties with the cursor', async () => {
    const store = open();
    // a and b tie on lastSeenAt; the id breaks the tie so no session is skipped or repeated.
    await store.append([record('old', 1, { at: 100 }), record('a', 1, { at: 300 }), record('b', 1, { at: 300 }), record('mid', 1, { at: 200 })]);
    const first = await store.listSessions({ limit: 2 });
    expect(first.map((s) => s.id)).toEqual(['b', 'a']);
    const last = first.at(-1);
    if (last === undefined) throw new Error('empty page');
    const second = await store.listSessions({ limit: 10, before: { lastSeenAt: last.lastSeenAt, id: last.id } });
    expect(second.map((s) => s.id)).toEqual(['mid', 'old']);
  });

  it('rejects a batch holding a duplicate record and writes none of it', async () => {
    const store = open();
    await store.append([record('s1', 1)]);
    await expect(store.append([record('s1', 2), record('s1', 1)])).rejects.toThrow();
    await expect(store.append([record('s2', 1), record('s2', 1)])).rejects.toThrow();
    expect((await store.sessionEvents('s1')).map((r) => r.event.seq)).toEqual([1]);
    expect(await store.getSession('s2')).toBeUndefined();
    expect(await store.auditVerify()).toEqual({ ok: true, checked: 1, problems: [] });
  });

  it('verifies a clean audit chain over every batch', async () => {
    const store = open();
    expect(await store.auditVerify()).toEqual({ ok: true, checked: 0, problems: [] });
    await store.append(records('s1', 1, 7));
    await store.append([]);
    await store.append(records('s2', 1, 3));
    expect(await store.auditVerify()).toEqual({ ok: true, checked: 10, problems: [] });
  });

  it('stores API key rows, lists them newest first, revokes once, and refuses a duplicate id', async () => {
    const store = open();
    const key = { id: 'a1', hash: 'h'.repeat(64), user: 'ada', groups: ['dev'], scopes: ['mcp'], name: 'laptop', createdAt: 10, expiresAt: 99, revokedAt: undefined };
    await store.putApiKey(key);
    await store.putApiKey({ ...key, id: 'b2', scopes: undefined, name: undefined, expiresAt: undefined, createdAt: 20 });
    await expect(store.putApiKey(key)).rejects.toThrow();
    expect(await store.getApiKey('a1')).toEqual(key);
    expect((await store.listApiKeys()).map((k) => k.id)).toEqual(['b2', 'a1']);
    expect(await store.revokeApiKey('a1', 50)).toBe(true);
    expect(await store.revokeApiKey('a1', 60)).toBe(false);
    expect(await store.revokeApiKey('zz', 60)).toBe(false);
    expect((await store.getApiKey('a1'))?.revokedAt).toBe(50);
    expect(await store.getApiKey('zz')).toBeUndefined();
  });

  it("keeps a key's team and limits", async () => {
    const store = open();
    const limits = { budget: { usd: 25, period: 'monthly' as const }, rpm: 60, allowedModels: ['claude-*'], models: { 'claude-opus-*': { tpm: 1000 } } };
    await store.putApiKey({ id: 'c3', hash: 'h'.repeat(64), user: 'ada', groups: [], scopes: undefined, name: undefined, createdAt: 1, expiresAt: undefined, revokedAt: undefined, team: 'research', limits });
    expect(await store.getApiKey('c3')).toMatchObject({ team: 'research', limits });
    expect(await store.setApiKeyLimits('c3', undefined, { rpm: 5 })).toBe(true);
    expect(await store.getApiKey('c3')).toMatchObject({ team: undefined, limits: { rpm: 5 } });
    expect(await store.setApiKeyLimits('nope', 't', undefined)).toBe(false);
  });

  it('sums spend per scope and window, and reads back the windows still open', async () => {
    const store = open();
    await store.addSpend([
      { scope: 'key:rk_1|none', windowStart: 0, windowEnd: undefined, nanoUsd: 5 },
      { scope: 'team:t|daily', windowStart: 100, windowEnd: 200, nanoUsd: 7 },
    ]);
    await store.addSpend([
      { scope: 'key:rk_1|none', windowStart: 0, windowEnd: undefined, nanoUsd: 10 },
      { scope: 'team:t|daily', windowStart: 200, windowEnd: 300, nanoUsd: 1 },
    ]);
    const open150 = await store.activeSpend(150);
    expect(open150.map((r) => [r.scope, r.windowStart, r.nanoUsd]).sort()).toEqual([
      ['key:rk_1|none', 0, 15],
      ['team:t|daily', 100, 7],
      ['team:t|daily', 200, 1],
    ]);
    // At 200 the first daily window has ended; the lifetime total never does.
    expect((await store.activeSpend(200)).map((r) => [r.scope, r.windowStart, r.windowEnd]).sort()).toEqual([
      ['key:rk_1|none', 0, undefined],
      ['team:t|daily', 200, 300],
    ]);
  });

  it('upserts credentials keeping the first createdAt, lists by id, deletes', async () => {
    const store = open();
    const c = { id: 'gh', server: 'gh', owner: '*', keyId: 'k1', nonce: 'n', ciphertext: 'c', createdAt: 1, updatedAt: 1 };
    await store.putCredential(c);
    await store.putCredential({ ...c, ciphertext: 'c2', createdAt: 5, updatedAt: 5 });
    await store.putCredential({ ...c, id: 'gh/ada', owner: 'ada' });
    expect(await store.getCredential('gh')).toEqual({ ...c, ciphertext: 'c2', updatedAt: 5 });
    expect((await store.listCredentials()).map((r) => r.id)).toEqual(['gh', 'gh/ada']);
    expect(await store.deleteCredential('gh')).toBe(true);
    expect(await store.deleteCredential('gh')).toBe(false);
    expect(await store.getCredential('gh')).toBeUndefined();
  });

  it('keeps one pin per tool, the latest approval winning, listed by server and tool', async () => {
    const store = open();
    await store.putToolPin({ server: 'gh', tool: 'search', pin: 'a'.repeat(64), approvedAt: 1, approvedBy: 'first-use' });
    await store.putToolPin({ server: 'fs', tool: 'read', pin: 'b'.repeat(64), approvedAt: 2, approvedBy: 'first-use' });
    await store.putToolPin({ server: 'gh', tool: 'search', pin: 'c'.repeat(64), approvedAt: 3, approvedBy: 'ann' });
    expect(await store.listToolPins()).toEqual([
      { server: 'fs', tool: 'read', pin: 'b'.repeat(64), approvedAt: 2, approvedBy: 'first-use' },
      { server: 'gh', tool: 'search', pin: 'c'.repeat(64), approvedAt: 3, approvedBy: 'ann' },
    ]);
  });

  it('stores admin-registered MCP servers by name, replacing and deleting', async () => {
    const store = open();
    await store.putMcpServer({ name: 'wiki', config: '{"a":1}', updatedAt: 1, updatedBy: 'ann' });
    await store.putMcpServer({ name: 'crm', config: '{"b":1}', updatedAt: 2, updatedBy: 'ann' });
    await store.putMcpServer({ name: 'wiki', config: '{"a":2}', updatedAt: 3, updatedBy: 'bo' });
    expect(await store.listMcpServers()).toEqual([
      { name: 'crm', config: '{"b":1}', updatedAt: 2, updatedBy: 'ann' },
      { name: 'wiki', config: '{"a":2}', updatedAt: 3, updatedBy: 'bo' },
    ]);
    expect(await store.deleteMcpServer('crm')).toBe(true);
    expect(await store.deleteMcpServer('crm')).toBe(false);
    expect((await store.listMcpServers()).map((s) => s.name)).toEqual(['wiki']);
  });

  it('keeps request log rows, newest first, paged with before and limit', async () => {
    const store = open();
    const row = (at: number, status: number) => ({ at, requestId: `r${at}`, method: 'POST', route: '/mcp', path: '/mcp', status, user: at === 2 ? 'ivy' : undefined, sessionId: undefined, remote: '127.0.0.1', latencyMs: 0.5 });
    await store.appendRequests([row(1, 403), row(2, 200)]);
    await store.appendRequests([row(3, 401)]);
    expect((await store.listRequests()).map((r) => [r.at, r.status])).toEqual([[3, 401], [2, 200], [1, 403]]);
    expect(await store.listRequests({ before: 3, limit: 1 })).toEqual([{ at: 2, requestId: 'r2', method: 'POST', route: '/mcp', path: '/mcp', status: 200, user: 'ivy', remote: '127.0.0.1', latencyMs: 0.5 }]);
  });

  it('rejects calls after close, and closes twice without error', async () => {
    const store = open();
    await store.close();
    await store.close();
    await expect(store.getSession('s1')).rejects.toThrow();
  });
});
