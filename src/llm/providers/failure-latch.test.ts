import { describe, expect, it } from 'vitest';
import { FailureLatch } from './failure-latch.js';

const step = (n: number): number | undefined => {
  if (n < 0) throw new Error(`bad ${n}`);
  return n === 0 ? undefined : n * 10;
};

describe('FailureLatch', () => {
  it('returns what came before a failure and throws it on the next call', () => {
    const l = new FailureLatch();
    expect(l.each([1, 0, 2, -1, 3], step)).toEqual([10, 20]);
    expect(l.holding).toBe(true);
    expect(() => l.check()).toThrow('bad -1');
    expect(() => l.check()).toThrow('bad -1');
  });

  it('throws at once when nothing came before the failure, and holds nothing', () => {
    const l = new FailureLatch();
    expect(() => l.each([0, -2, 1], step)).toThrow('bad -2');
    expect(l.holding).toBe(false);
    expect(() => l.check()).not.toThrow();
    expect(l.each([1, 2], step)).toEqual([10, 20]);
  });

  it('holds a failure met after the items, for end-of-stream checks', () => {
    const l = new FailureLatch();
    expect(l.hold(['x'], new Error('cut'))).toEqual(['x']);
    expect(() => l.check()).toThrow('cut');
    expect(() => new FailureLatch().hold([], new Error('cut'))).toThrow('cut');
  });
});
