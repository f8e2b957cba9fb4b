import { describe, expect, it } from 'vitest';
import { SignificantScan } from './significant.js';

const tokens = (text: string, maxChars?: number): string[] => {
  const out: string[] = [];
  const scan = new SignificantScan(text, maxChars);
  while (scan.next()) out.push(text.slice(scan.start, scan.end));
  return out;
};

describe('SignificantScan', () => {
  it('keeps identifiers (digits, addresses, joined names) and drops plain words', () => {
    expect(tokens('Pay US133000 to guest_amy at jane.doe@acme.example, see https://a.co/x?id=7 now.')).toEqual([
      'US133000',
      'guest_amy',
      'jane.doe@acme.example',
      'a.co/x', // a joiner needs a letter or digit on both sides: `://` splits, and `7` alone is too short
    ]);
  });

  it('joins only between letters or digits, and reads other scripts', () => {
    expect(tokens('a-. -b x+1 c:d ٣٤ ab')).toEqual(['x+1', '٣٤']);
    expect(tokens('_lead trail_ mid_dle')).toEqual(['mid_dle']);
  });

  it('stops at the character limit', () => {
    expect(tokens('id 12 34')).toEqual(['12', '34']);
    expect(tokens('id 12 34', 5)).toEqual(['12']);
  });
});

/** The rule as written, char by char with regexes: a reference for the scan on fuzzed text. */
function reference(text: string, maxChars = Number.POSITIVE_INFINITY): string[] {
  const n = Math.min(text.length, maxChars);
  const word = (i: number): boolean => i >= 0 && i < n && /[\p{L}\p{N}]/u.test(text[i] as string);
  const member = (i: number): boolean => word(i) || (/[._@\-/+:]/.test(text[i] as string) && word(i - 1) && word(i + 1));
  const out: string[] = [];
  for (let i = 0; i < n; ) {
    if (!member(i)) {
      i++;
      continue;
    }
    let end = i;
    while (end < n && member(end)) end++;
    const token = text.slice(i, end);
    if (token.length >= 2 && token.length <= 128 && (/\p{N}/u.test(token) || (token.length >= 4 && /[._@\-/]/.test(token)))) out.push(token);
    i = end;
  }
  return out;
}

describe('SignificantScan on fuzzed text', () => {
  it('finds exactly the tokens the rule defines', () => {
    const pieces = ['a', 'Z', '1', '.', '_', '@', '-', '/', '+', ':', ' ', '\n', 'é', '٣', '東', '\u200b', '!', 'x1', 'jane.doe@acme.example', '2024-05-01', '--', 'x'.repeat(130)];
    let s = 5;
    const next = (): number => (s = (Math.imul(s, 1664525) + 1013904223) >>> 0) / 2 ** 32;
    let found = 0;
    for (let k = 0; k < 3000; k++) {
      let text = '';
      for (let i = Math.floor(next() * 30); i > 0; i--) text += pieces[Math.floor(next() * pieces.length)];
      const max = next() < 0.3 ? Math.floor(next() * text.length) : undefined;
      const want = reference(text, max);
      found += want.length;
      expect(tokens(text, max), JSON.stringify(text)).toEqual(want);
    }
    expect(found).toBeGreaterThan(3000); // the fuzz really holds tokens
  });
});
