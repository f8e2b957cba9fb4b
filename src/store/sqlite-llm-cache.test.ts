import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { CachedReply } from '../core/index.js';
import { SqliteStore } from './sqlite.js';
import { tempDir } from './test-records.js';

let tmp: ReturnType<typeof tempDir>;
let path: string;
beforeEach(() => {
  tmp = tempDir();
  path = join(tmp.dir, 'rampart.db');
});
afterEach(() => tmp.remove());

function reply(bytes: number, tag = 'x'): CachedReply {
  return { status: 200, contentType: 'text/event-stream', body: Buffer.alloc(bytes, tag), target: 'openai/gpt-4o', costUsd: 0.25 };
}

describe('SqliteLlmCache', () => {
  it('keeps replies across a restart, byte for byte, until they expire', async () => {
    const a = new SqliteStore({ path });
    a.llmCache({ maxBytes: 1e6 }).put('k', { ...reply(10), body: Buffer.from('data: {"x":1}\n\n') }, 5_000, 0);
    await a.close();
    const b = new SqliteStore({ path });
    const c = b.llmCache({ maxBytes: 1e6 });
    expect(c.get('k', 4_999)).toEqual({ status: 200, contentType: 'text/event-stream', body: Buffer.from('data: {"x":1}\n\n'), target: 'openai/gpt-4o', costUsd: 0.25 });
    expect(c.get('k', 5_000)).toBeUndefined();
    expect(c.get('k', 0)).toBeUndefined();
    expect(c.bytes).toBe(0);
    await b.close();
  });

  it('evicts the least recently used rows past its byte bound', async () => {
    const s = new SqliteStore({ path });
    const per = 1_000 + 1 + 256;
    const c = s.llmCache({ maxBytes: 3 * per });
    c.put('a', reply(1_000), 1e15, 1);
    c.put('b', reply(1_000), 1e15, 2);
    c.put('c', reply(1_000), 1e15, 3);
    // A hit makes a the most recently used, so b is the one to go.
    expect(c.get('a', 4)).toBeDefined();
    c.put('d', reply(1_000), 1e15, 5);
    expect(c.get('b', 0)).toBeUndefined();
    for (const k of ['a', 'c', 'd']) expect(c.get(k, 0)).toBeDefined();
    expect(c.bytes).toBe(3 * per);
    // A restart recounts the same total from the rows.
    await s.close();
    const again = new SqliteStore({ path });
    expect(again.llmCache({ maxBytes: 3 * per }).bytes).toBe(3 * per);
    await again.close();
  });

  it('misses instead of throwing once the database is closed', async () => {
    const s = new SqliteStore({ path });
    const c = s.llmCache({ maxBytes: 1e6 });
    await s.close();
    expect(c.get('k', 0)).toBeUndefined();
    expect(() => c.put('k', reply(10), 1e15, 0)).not.toThrow();
  });
});
