import { describe, expect, it } from 'vitest';
import { Cancel } from './cancel.js';

describe('Cancel', () => {
  it('tells abort listeners once, and says it was aborted', () => {
    const c = new Cancel();
    let told = 0;
    c.on('abort', () => told++);
    expect(c.aborted).toBe(false);
    c.abort();
    c.abort();
    expect(told).toBe(1);
    expect(c.aborted).toBe(true);
  });

  it('aborts its AbortSignal, whether made before or after', () => {
    const before = new Cancel();
    const s = before.abortSignal;
    expect(s.aborted).toBe(false);
    before.abort();
    expect(s.aborted).toBe(true);
    const after = new Cancel();
    after.abort();
    expect(after.abortSignal.aborted).toBe(true);
  });
});
