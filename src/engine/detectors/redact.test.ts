import { describe, expect, it } from 'vitest';
import { collapseSpaces, collapseSpacesIn } from './redact.js';

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

describe('collapseSpacesIn', () => {
  it('gives what collapseSpaces gives on the slice, for every range of fuzzed text', () => {
    const pieces = ['a', 'word', ' ', ' ', '  ', '\t', '\n', '\r\n', '\u00a0', '\u2003', '\ufeff', 'é', '東', '.', ' x '];
    let s = 5;
    const next = (): number => (s = (Math.imul(s, 1664525) + 1013904223) >>> 0) / 2 ** 32;
    let changed = 0;
    for (let t = 0; t < 2000; t++) {
      let text = '';
      for (let n = Math.floor(next() * 20); n > 0; n--) text += pieces[Math.floor(next() * pieces.length)];
      const start = Math.floor(next() * (text.length + 1));
      const end = start + Math.floor(next() * (text.length - start + 1));
      const want = collapseSpaces(text.slice(start, end));
      if (want !== text.slice(start, end)) changed++;
      expect(collapseSpacesIn(text, start, end), JSON.stringify([text, start, end])).toBe(want);
    }
    expect(changed).toBeGreaterThan(200); // the fuzz really has whitespace to collapse
  });
});
