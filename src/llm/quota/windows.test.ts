import { describe, expect, it } from 'vitest';
import { budgetWindow, minuteWindow } from './windows.js';

const at = (iso: string): number => Date.parse(iso);

describe('budget and rate windows', () => {
  it('cuts UTC calendar days, ISO weeks (from Monday) and months', () => {
    const now = at('2026-11-26T15:30:00Z'); // a Thursday
    expect(budgetWindow('daily', now)).toEqual({ start: at('2026-11-26T00:00:00Z'), end: at('2026-11-27T00:00:00Z') });
    expect(budgetWindow('weekly', now)).toEqual({ start: at('2026-11-23T00:00:00Z'), end: at('2026-11-30T00:00:00Z') });
    expect(budgetWindow('monthly', now)).toEqual({ start: at('2026-11-01T00:00:00Z'), end: at('2026-12-01T00:00:00Z') });
    expect(budgetWindow('monthly', at('2026-12-31T23:59:59Z')).end).toBe(at('2027-01-01T00:00:00Z'));
    expect(budgetWindow('none', now)).toEqual({ start: 0, end: Infinity });
  });

  it('starts a week on Monday even on a Sunday or a Monday', () => {
    expect(budgetWindow('weekly', at('2026-11-29T23:00:00Z')).start).toBe(at('2026-11-23T00:00:00Z'));
    expect(budgetWindow('weekly', at('2026-11-30T00:00:00Z')).start).toBe(at('2026-11-30T00:00:00Z'));
  });

  it('counts rates in whole UTC minutes', () => {
    expect(minuteWindow(at('2026-11-26T15:30:42.500Z'))).toEqual({ start: at('2026-11-26T15:30:00Z'), end: at('2026-11-26T15:31:00Z') });
  });
});
