import { describe, expect, it } from 'vitest';
import { MemoryStore } from './memory.js';
import { record, records } from './test-records.js';

describe('MemoryStore', () => {
  it('drops the least recently active sessions past maxRecords and counts them', async () => {
    const store = new MemoryStore({ maxRecords: 8 });
    await store.append(records('a', 1, 4));
    await store.append(records('b', 1, 4));
    await store.append([record('a', 5)]); // a is now the most recently active: b goes first
    await store.append(records('c', 1, 3));
    expect(await store.getSession('b')).toBeUndefined();
    expect((await store.listSessions({ limit: 10 })).map((s) => s.id).sort()).toEqual(['a', 'c']);
    expect(store.stats).toEqual({ records: 8, sessions: 2, droppedRecords: 4, droppedSessions: 1 });
  });

  it('trims the oldest records of a session that alone exceeds the bound', async () => {
    const store = new MemoryStore({ maxRecords: 5 });
    await store.append(records('big', 1, 8));
    expect((await store.sessionEvents('big')).map((r) => r.event.seq)).toEqual([4, 5, 6, 7, 8]);
    expect(await store.getSession('big')).toMatchObject({ events: 5, lastSeq: 8 });
    expect(store.stats).toMatchObject({ records: 5, droppedRecords: 3, droppedSessions: 0 });
  });

  it('still verifies its audit chain after retention dropped records and entries', async () => {
    const store = new MemoryStore({ maxRecords: 4 });
    for (const id of ['a', 'b', 'c']) await store.append(records(id, 1, 3));
    const report = await store.auditVerify();
    expect(report).toEqual({ ok: true, checked: 4, problems: [] });
  });

  it('keeps its own copy, so a caller mutating a record changes nothing stored', async () => {
    const store = new MemoryStore();
    const rec = record('s', 1);
    await store.append([rec]);
    (rec.event as { at: number }).at = 0;
    expect((await store.sessionEvents('s'))[0]?.event.at).toBe(record('s', 1).event.at);
    expect((await store.auditVerify()).ok).toBe(true);
  });

  it('rejects a batch holding a bigint without storing any of it', async () => {
    const store = new MemoryStore();
    const bad = { ...record('s', 2), event: { ...record('s', 2).event, args: { n: 1n } } };
    await expect(store.append([record('s', 1), bad])).rejects.toThrow(TypeError);
    expect(store.stats.records).toBe(0);
  });
});
