import { describe, expect, it } from 'vitest';
import type { CachedReply } from '../../core/index.js';
import { MemoryLlmCache } from './memory-cache.js';

function reply(bytes: number, tag = 'x'): CachedReply {
  return { status: 200, contentType: 'application/json', body: Buffer.alloc(bytes, tag), target: 'openai', costUsd: undefined };
}

describe('MemoryLlmCache', () => {
  it('returns what was put until it expires', () => {
    const c = new MemoryLlmCache({ maxBytes: 10_000 });
    c.put('k', reply(10), 1_000);
    expect(c.get('k', 999)?.body.byteLength).toBe(10);
    expect(c.get('k', 1_000)).toBeUndefined();
    // The expired entry is gone and its bytes released.
    expect(c.size).toBe(0);
    expect(c.bytes).toBe(0);
  });

  it('evicts the least recently used entries to stay within its byte bound', () => {
    const c = new MemoryLlmCache({ maxBytes: 3 * (1_000 + 256 + 1) });
    c.put('a', reply(1_000), 1e12);
    c.put('b', reply(1_000), 1e12);
    c.put('c', reply(1_000), 1e12);
    expect(c.get('a', 0)).toBeDefined(); // a is now the most recent
    c.put('d', reply(1_000), 1e12);
    expect(c.get('b', 0)).toBeUndefined();
    expect(c.get('a', 0)).toBeDefined();
    expect(c.get('c', 0)).toBeDefined();
    expect(c.get('d', 0)).toBeDefined();
    expect(c.evicted).toBe(1);
    expect(c.bytes).toBeLessThanOrEqual(3 * 1_257);
  });

  it('refuses an entry larger than the whole bound and replaces one under the same key', () => {
    const c = new MemoryLlmCache({ maxBytes: 2_000 });
    c.put('big', reply(5_000), 1e12);
    expect(c.get('big', 0)).toBeUndefined();
    c.put('k', reply(100, 'a'), 1e12);
    c.put('k', reply(200, 'b'), 1e12);
    expect(c.size).toBe(1);
    expect(c.get('k', 0)?.body.byteLength).toBe(200);
    expect(c.bytes).toBe(200 + 1 + 256);
  });
});
