import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import type { ToolCallAudit } from '../core/index.js';
import { CallWriter } from './call-writer.js';
import { MemoryStore } from './memory.js';
import { SqliteStore } from './sqlite.js';
import type { Store } from './store.js';
import { tempDir } from './test-records.js';

const cleanups: (() => void)[] = [];
afterEach(() => {
  for (const cleanup of cleanups.splice(0)) cleanup();
});

const IMPLEMENTATIONS: readonly [string, () => Store][] = [
  ['MemoryStore', () => new MemoryStore()],
  [
    'SqliteStore',
    () => {
      const tmp = tempDir();
      const store = new SqliteStore({ path: join(tmp.dir, 'rampart.db') });
      cleanups.push(() => {
        void store.close();
        tmp.remove();
      });
      return store;
    },
  ],
];

function row(sessionId: string, callSeq: number, over: Partial<ToolCallAudit> = {}): ToolCallAudit {
  return {
    at: 1000 + callSeq, sessionId, callSeq, user: 'ann', agent: 'claude-code', server: 'github', tool: 'create_issue',
    args: '{"title":"x"}', outcome: 'allow', rule: undefined, resultBytes: 120, resultSha256: 'ab'.repeat(32), isError: false, latencyMs: 3.5,
    ...over,
  };
}

describe.each(IMPLEMENTATIONS)('%s tool-call audit', (_name, open) => {
  it('keeps every field of each call, per session, in order', async () => {
    const store = open();
    const denied = row('s1', 4, { outcome: 'deny', rule: 'secret-egress', resultBytes: 0, resultSha256: undefined, isError: true, user: undefined });
    await store.appendToolCalls([row('s1', 1), row('s2', 1), denied]);
    expect(await store.toolCalls('s1')).toEqual([row('s1', 1), denied]);
    expect(await store.toolCalls('nobody')).toEqual([]);
  });
});

describe('CallWriter', () => {
  it('writes queued rows in one batch on flush and drops past its bound, counting', async () => {
    const batches: number[] = [];
    const w = new CallWriter({ store: { appendToolCalls: async (rows) => void batches.push(rows.length) }, maxQueue: 2, timers: { setTimeout: () => 1, clearTimeout: () => undefined } });
    w.recordCall(row('s', 1));
    w.recordCall(row('s', 2));
    w.recordCall(row('s', 3));
    await w.flush();
    expect(batches).toEqual([2]);
    expect(w.stats).toEqual({ written: 2, dropped: 1, queued: 0 });
  });

  it('reports a failed write and keeps going', async () => {
    const errors: unknown[] = [];
    const w = new CallWriter({ store: { appendToolCalls: () => Promise.reject(new Error('disk full')) }, onError: (e) => errors.push(e), timers: { setTimeout: () => 1, clearTimeout: () => undefined } });
    w.recordCall(row('s', 1));
    await w.flush();
    expect(errors).toHaveLength(1);
  });
});
