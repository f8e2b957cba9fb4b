import { describe, expect, it } from 'vitest';
import type { EngineRecord } from '../core/index.js';
import type { Store } from './store.js';
import { BatchWriter, NODE_TIMERS } from './writer.js';
import type { WriterTimers } from './writer.js';
import { record, records } from './test-records.js';

/** Timers fired by hand: tests never sleep (STYLE.md §4). */
class ManualTimers implements WriterTimers {
  readonly pending = new Map<number, { fn: () => void; ms: number }>();
  #next = 1;
  setTimeout(fn: () => void, ms: number): unknown {
    const id = this.#next++;
    this.pending.set(id, { fn, ms });
    return id;
  }
  clearTimeout(handle: unknown): void {
    this.pending.delete(handle as number);
  }
  fireAll(): void {
    const due = [...this.pending.values()];
    this.pending.clear();
    for (const t of due) t.fn();
  }
}

/** A store that records each batch; `gate` holds appends until released, `fail` rejects them. */
class FakeStore implements Pick<Store, 'append'> {
  readonly batches: (readonly EngineRecord[])[] = [];
  fail: Error | undefined;
  gate: Promise<void> | undefined;
  active = 0;
  maxActive = 0;
  async append(batch: readonly EngineRecord[]): Promise<void> {
    this.active++;
    this.maxActive = Math.max(this.maxActive, this.active);
    try {
      if (this.gate !== undefined) await this.gate;
      if (this.fail !== undefined) throw this.fail;
      this.batches.push(batch);
    } finally {
      this.active--;
    }
  }
  get seqs(): number[] {
    return this.batches.flat().map((r) => r.event.seq);
  }
}

/** Lets pending promise callbacks run without a timer. */
async function settle(): Promise<void> {
  for (let i = 0; i < 10; i++) await Promise.resolve();
}

describe('BatchWriter', () => {
  it('writes queued records when the timer fires, in one batch', async () => {
    const store = new FakeStore();
    const timers = new ManualTimers();
    const writer = new BatchWriter({ store, timers, flushMs: 50 });
    for (const r of records('s', 1, 3)) writer.record(r);
    expect([...timers.pending.values()].map((t) => t.ms)).toEqual([50]);
    expect(store.batches).toEqual([]);
    timers.fireAll();
    await settle();
    expect(store.batches.map((b) => b.length)).toEqual([3]);
    expect(writer.stats).toEqual({ queued: 0, written: 3, dropped: 0, failedBatches: 0, failedRecords: 0 });
  });

  it('flushes a full batch at once, without waiting for the timer', async () => {
    const store = new FakeStore();
    const timers = new ManualTimers();
    const writer = new BatchWriter({ store, timers, maxBatch: 4 });
    for (const r of records('s', 1, 4)) writer.record(r);
    expect(timers.pending.size).toBe(0);
    await settle();
    expect(store.batches.map((b) => b.length)).toEqual([4]);
  });

  it('drops and counts records past the queue bound, never throwing', async () => {
    const store = new FakeStore();
    const writer = new BatchWriter({ store, timers: new ManualTimers(), maxQueue: 5, maxBatch: 100 });
    for (const r of records('s', 1, 8)) expect(() => writer.record(r)).not.toThrow();
    expect(writer.stats).toMatchObject({ queued: 5, dropped: 3 });
    await writer.flush();
    expect(store.seqs).toEqual([1, 2, 3, 4, 5]);
  });

  it('runs one append at a time and keeps order across batches', async () => {
    const store = new FakeStore();
    let release = (): void => undefined;
    store.gate = new Promise((resolve) => (release = resolve));
    const writer = new BatchWriter({ store, timers: new ManualTimers(), maxBatch: 3 });
    for (const r of records('s', 1, 3)) writer.record(r); // starts the first append, held by the gate
    for (const r of records('s', 4, 10)) writer.record(r); // queued behind it
    expect(writer.stats.queued).toBe(10);
    release();
    await writer.flush();
    expect(store.maxActive).toBe(1);
    expect(store.batches.map((b) => b.length)).toEqual([3, 3, 3, 1]);
    expect(store.seqs).toEqual([1, 2, 3, 4, 5, 6, 7, 8, 9, 10]);
  });

  it('counts a failed batch, reports it, and keeps writing the next ones', async () => {
    const store = new FakeStore();
    const failure = new Error('disk full');
    const errors: [unknown, number][] = [];
    const writer = new BatchWriter({ store, timers: new ManualTimers(), onError: (e, info) => errors.push([e, info.records]) });
    store.fail = failure;
    for (const r of records('s', 1, 2)) writer.record(r);
    await writer.flush();
    store.fail = undefined;
    writer.record(record('s', 3));
    await writer.flush();
    expect(errors).toEqual([[failure, 2]]);
    expect(writer.stats).toEqual({ queued: 0, written: 1, dropped: 0, failedBatches: 1, failedRecords: 2 });
  });

  it('survives an onError callback that throws', async () => {
    const store = new FakeStore();
    store.fail = new Error('boom');
    const writer = new BatchWriter({
      store,
      timers: new ManualTimers(),
      onError: () => {
        throw new Error('telemetry down');
      },
    });
    writer.record(record('s', 1));
    await expect(writer.flush()).resolves.toBeUndefined();
    expect(writer.stats.failedBatches).toBe(1);
  });

  it('drains everything on close and drops what arrives after', async () => {
    const store = new FakeStore();
    const timers = new ManualTimers();
    const writer = new BatchWriter({ store, timers, maxBatch: 2 });
    for (const r of records('s', 1, 5)) writer.record(r);
    await writer.close();
    expect(timers.pending.size).toBe(0);
    writer.record(record('s', 6));
    expect(store.seqs).toEqual([1, 2, 3, 4, 5]);
    expect(writer.stats).toMatchObject({ written: 5, dropped: 1, queued: 0 });
  });

  it('leaves less than a batch that arrived during an append for the timer, so batches stay large under load', async () => {
    const store = new FakeStore();
    let release = (): void => undefined;
    store.gate = new Promise((resolve) => (release = resolve));
    const timers = new ManualTimers();
    const writer = new BatchWriter({ store, timers, maxBatch: 2, flushMs: 50 });
    writer.record(record('s', 1));
    writer.record(record('s', 2)); // full: the append starts and waits on the gate
    writer.record(record('s', 3)); // queued while the append runs
    expect(timers.pending.size).toBe(0);
    release();
    await settle();
    expect(store.batches.map((b) => b.map((r) => r.event.seq))).toEqual([[1, 2]]);
    expect([...timers.pending.values()].map((t) => t.ms)).toEqual([50]);
    writer.record(record('s', 4)); // joins the waiting record rather than starting a batch of its own
    timers.fireAll();
    await settle();
    expect(store.batches.map((b) => b.map((r) => r.event.seq))).toEqual([[1, 2], [3, 4]]);
  });

  it('keeps writing full batches that arrived during an append without waiting for the timer', async () => {
    const store = new FakeStore();
    let release = (): void => undefined;
    store.gate = new Promise((resolve) => (release = resolve));
    const timers = new ManualTimers();
    const writer = new BatchWriter({ store, timers, maxBatch: 2 });
    for (const r of records('s', 1, 5)) writer.record(r);
    release();
    await settle();
    expect(store.batches.map((b) => b.map((r) => r.event.seq))).toEqual([[1, 2], [3, 4]]);
    expect(timers.pending.size).toBe(1);
  });

  it('uses unref’d Node timers by default, so a pending flush never holds the process open', () => {
    const handle = NODE_TIMERS.setTimeout(() => undefined, 10_000);
    expect((handle as ReturnType<typeof setTimeout>).hasRef()).toBe(false);
    NODE_TIMERS.clearTimeout(handle);
  });
});
