import { join } from 'node:path';
import { afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { ensureDist } from '../../test/helpers/dist.js';
import type { SqliteStore as SqliteStoreType, SqliteStoreOptions } from './sqlite.js';
import { records, tempDir } from './test-records.js';

// The worker runs compiled JavaScript, so this test drives the built store (dist/), the way the server runs it.
const DIST_SQLITE = new URL('../../dist/store/sqlite.js', import.meta.url).href;
let SqliteStore: new (o: SqliteStoreOptions) => SqliteStoreType;

beforeAll(async () => {
  ensureDist();
  ({ SqliteStore } = (await import(DIST_SQLITE)) as { SqliteStore: typeof SqliteStore });
}, 120_000);

let tmp: ReturnType<typeof tempDir>;
let path: string;
beforeEach(() => {
  tmp = tempDir();
  path = join(tmp.dir, 'rampart.db');
});
afterEach(() => tmp.remove());

describe('SqliteStore with appendThread', () => {
  it('writes batches on its worker, readable and chained as if written in-thread', async () => {
    const store = new SqliteStore({ path, now: () => 1234, appendThread: true });
    await Promise.all([store.append(records('s', 1, 3)), store.append(records('s', 4, 6))]);
    await store.appendToolCalls([{ at: 1, sessionId: 's', callSeq: 2, user: undefined, agent: undefined, server: 'fx', rule: undefined, resultSha256: undefined, tool: 'echo', args: '{}', outcome: 'allow', resultBytes: 3, isError: false, latencyMs: 1 }]);
    const page = await store.sessionEvents('s');
    expect(page.map((r) => r.event.seq)).toEqual([1, 2, 3, 4, 5, 6]);
    expect((await store.toolCalls('s')).map((c) => c.tool)).toEqual(['echo']);
    const report = await store.auditVerify();
    expect(report.ok).toBe(true);
    expect(report.checked).toBe(6);
    await store.close();
  });

  it('fails a batch the database refuses, and goes on with the next', async () => {
    const store = new SqliteStore({ path, appendThread: true });
    await store.append(records('s', 1, 2));
    // The same (session, seq) again breaks the events table's primary key: the whole batch rolls back.
    await expect(store.append(records('s', 2, 3))).rejects.toThrow(/UNIQUE|constraint/i);
    await store.append(records('s', 3, 4));
    expect((await store.sessionEvents('s')).map((r) => r.event.seq)).toEqual([1, 2, 3, 4]);
    expect((await store.auditVerify()).ok).toBe(true);
    await store.close();
  });

  it('refuses batches after close, having finished those in flight', async () => {
    const store = new SqliteStore({ path, appendThread: true });
    const pending = store.append(records('s', 1, 50));
    await store.close();
    await expect(pending).resolves.toBeUndefined();
    await expect(store.append(records('s', 51, 51))).rejects.toThrow(/closed/);
    const again = new SqliteStore({ path });
    expect((await again.sessionEvents('s', { limit: 100 })).length).toBe(50);
    await again.close();
  });
});

describe('SqliteStore whose writer thread cannot start', () => {
  it('writes on the main thread instead, losing no batch', async () => {
    const warnings: string[] = [];
    const onWarning = (w: Error): void => void warnings.push(w.message);
    process.on('warning', onWarning);
    const missing = new URL('./no-such-worker.js', DIST_SQLITE);
    const store = new SqliteStore({ path, appendThread: true, workerUrl: missing });
    await Promise.all([store.append(records('s', 1, 3)), store.append(records('s', 4, 6))]);
    await store.append(records('s', 7, 8));
    expect((await store.sessionEvents('s')).map((r) => r.event.seq)).toEqual([1, 2, 3, 4, 5, 6, 7, 8]);
    expect((await store.auditVerify()).ok).toBe(true);
    await store.close();
    await new Promise((r) => setImmediate(r));
    process.off('warning', onWarning);
    expect(warnings.some((w) => w.includes('writer thread'))).toBe(true);
  });
});
