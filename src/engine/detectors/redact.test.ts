import { describe, expect, it } from 'vitest';
import { collapseSpaces } from './redact.js';

describe('collapseSpaces', () => {
  it('gives what replacing every whitespace run with one space gives', () => {
    const pieces = ['a', 'bc', ' ', '  ', '\t', '\n', '\r\n', '\u00a0', '\u2028', '\u3000', '\ufeff', '.', 'é'];
    let s = 5;
    const next = (): number => (s = (Math.imul(s, 1664525) + 1013904223) >>> 0) / 2 ** 32;
    for (let k = 0; k < 5000; k++) {
      let t = '';
      for (let n = Math.floor(next() * 20); n > 0; n--) t += pieces[Math.floor(next() * pieces.length)];
      expect(collapseSpaces(t), JSON.stringify(t)).toBe(t.replace(/\s+/g, ' '));
    }
  });
});
