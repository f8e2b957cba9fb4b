import { describe, expect, it } from 'vitest';
import { clip } from './summarize.js';

const naive = (s: string, n: number): string => {
  const t = s.replace(/\s+/g, ' ').trim();
  return t.length > n ? `${t.slice(0, n)}…` : t;
};

describe('clip', () => {
  it('collapses whitespace and cuts like a pass over the whole string, whatever the whitespace', () => {
    const pieces = ['word', ' ', '\n\n', '\t', ' '.repeat(300), 'x'.repeat(90), 'é'];
    let seed = 7;
    const next = (): number => (seed = (Math.imul(seed, 1664525) + 1013904223) >>> 0) / 2 ** 32;
    for (let k = 0; k < 2000; k++) {
      let s = '';
      for (let i = Math.floor(next() * 40); i > 0; i--) s += pieces[Math.floor(next() * pieces.length)];
      for (const n of [1, 10, 100]) expect(clip(s, n)).toBe(naive(s, n));
    }
  });
});
