import { describe, expect, it } from 'vitest';
import { backoffDelayMs, retryDelayMs, NO_RETRY } from './backoff.js';
import { retryAfterMs } from './retry-after.js';

const NOW = Date.parse('2026-11-24T12:00:00Z');

describe('retryAfterMs', () => {
  it('reads delay-seconds, HTTP-dates and retry-after-ms', () => {
    expect(retryAfterMs({ 'retry-after': '7' }, NOW)).toBe(7000);
    expect(retryAfterMs({ 'retry-after': ' 0 ' }, NOW)).toBe(0);
    expect(retryAfterMs({ 'retry-after': 'Tue, 24 Nov 2026 12:00:30 GMT' }, NOW)).toBe(30_000);
    expect(retryAfterMs({ 'retry-after': 'Tue, 24 Nov 2026 11:00:00 GMT' }, NOW)).toBe(0);
    expect(retryAfterMs({ 'retry-after': 'Tuesday, 24-Nov-26 12:00:10 GMT' }, NOW)).toBe(10_000);
    expect(retryAfterMs({ 'retry-after': 'Tue Nov 24 12:00:05 2026' }, NOW)).toBe(5000);
    expect(retryAfterMs({ 'retry-after-ms': '1500.2', 'retry-after': '9' }, NOW)).toBe(1501);
  });

  it('ignores what it cannot parse', () => {
    expect(retryAfterMs({}, NOW)).toBeUndefined();
    expect(retryAfterMs({ 'retry-after': 'soon' }, NOW)).toBeUndefined();
    expect(retryAfterMs({ 'retry-after': '-3' }, NOW)).toBeUndefined();
    expect(retryAfterMs({ 'retry-after-ms': 'x', 'retry-after': '2' }, NOW)).toBe(2000);
  });
});

describe('backoff', () => {
  const p = { ...NO_RETRY, initialDelayMs: 100, maxDelayMs: 1000, maxRetryAfterMs: 5000 };

  it('doubles per retry up to the cap, jitter taking off at most a quarter', () => {
    expect([0, 1, 2, 3, 4, 10].map((r) => backoffDelayMs(p, r, 0))).toEqual([100, 200, 400, 800, 1000, 1000]);
    expect(backoffDelayMs(p, 2, 0.999)).toBe(300);
    for (let i = 0; i < 50; i++) {
      const d = backoffDelayMs(p, 1, i / 50);
      expect(d).toBeGreaterThanOrEqual(150);
      expect(d).toBeLessThanOrEqual(200);
    }
  });

  it('honours Retry-After within the cap and refuses to wait past it', () => {
    expect(retryDelayMs(p, 0, 0.5, 3000)).toBe(3000);
    expect(retryDelayMs(p, 0, 0.5, 6000)).toBeUndefined();
    expect(retryDelayMs(p, 0, 0, undefined)).toBe(100);
  });
});
