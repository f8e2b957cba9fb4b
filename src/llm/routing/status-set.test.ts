import { describe, expect, it } from 'vitest';
import { DEFAULT_FALLBACK_ON, hasStatus, statusSet } from './status-set.js';

describe('statusSet', () => {
  it('holds codes and classes; the default is 429 and every 5xx, 529 included', () => {
    const d = statusSet(DEFAULT_FALLBACK_ON);
    expect([429, 500, 503, 529, 599].every((s) => hasStatus(d, s))).toBe(true);
    expect([200, 400, 401, 404, 408, 413].some((s) => hasStatus(d, s))).toBe(false);
    const c = statusSet([408, '4xx']);
    expect(hasStatus(c, 404)).toBe(true);
    expect(hasStatus(c, 500)).toBe(false);
  });
});
