import { describe, expect, it } from 'vitest';
import { LiteralSet } from './literal-set.js';

const LITERALS = ['key', 'secret', 'sk-', 'eyj', 'hooks.slack.com', '_live_', 'ghp_', 'pass', 'pwd', 'asia', 'akia'];

/** Deterministic text made of the literals, their pieces and look-alikes, in every case and order. */
function fuzzTexts(count: number, seed: number): string[] {
  const pieces = [...LITERALS, 'KEY', 'Ke', 'y', 'SeCrEt', 'secre', 'SK', '-', 'EyJ', 'hooks', '.slack', '.com', '_LIVE', '_', 'gh', 'p_', 'pa', 'ss', 'as', 'ia', 'a', 'k', 'é', 'ß', '東', ' ', '\n', '\u212a'];
  let s = seed >>> 0;
  const next = (): number => (s = (Math.imul(s, 1664525) + 1013904223) >>> 0) / 2 ** 32;
  return Array.from({ length: count }, () => {
    let t = '';
    const n = Math.floor(next() * 30);
    for (let i = 0; i < n; i++) t += pieces[Math.floor(next() * pieces.length)];
    return t;
  });
}

/** What a case-insensitive search for each literal finds, as `find` reports it. */
function expected(text: string): number {
  let bits = 0;
  LITERALS.forEach((w, i) => {
    const re = new RegExp(w.replace(/[.*+?^${}()|[\]\\-]/g, '\\$&'), 'i');
    if (re.test(text)) bits |= 1 << i;
  });
  return bits;
}

describe('LiteralSet', () => {
  const set = new LiteralSet(LITERALS.map((w, i) => [w, 1 << i]));

  it('finds exactly the literals a case-insensitive regex search finds', () => {
    let found = 0;
    for (const text of fuzzTexts(5000, 7)) {
      const bits = set.find(text);
      if (bits !== 0) found++;
      expect(bits, JSON.stringify(text)).toBe(expected(text));
    }
    expect(found).toBeGreaterThan(1000); // the fuzz really holds literals
  });

  it('folds ASCII case only, as a regex `i` flag without `u` does', () => {
    expect(set.find('\u212aey')).toBe(0); // the Kelvin sign is no `k` here
    expect(set.find('KEY')).toBe(1);
    expect(set.find('k')).toBe(0);
    expect(set.find('')).toBe(0);
  });

  it('rejects literals it cannot index', () => {
    expect(() => new LiteralSet([['k', 1]])).toThrow();
    expect(() => new LiteralSet([['ke', 1]])).toThrow(); // the scan reads every second pair: three chars at least
    expect(() => new LiteralSet([['ké', 1]])).toThrow();
  });
});
