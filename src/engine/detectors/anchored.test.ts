import { describe, expect, it } from 'vitest';
import { eachAnchoredMatch, firstMatchBefore, stickyOf } from './anchored.js';
import { END_PATTERNS } from './injection.js';
import { httpStart, URL_CANDIDATE_PATTERN } from './exfil.js';
import { atPlus, EMAIL_PATTERN, emailStart, PHONE_INTL_PATTERN } from './pii.js';
import { eachMatch } from './scan-targets.js';
import { schemeStart, URL_CREDENTIALS_PATTERN } from './secrets.js';

/** Deterministic text made of the pieces these patterns care about, glued in every order. */
function fuzzTexts(count: number, seed: number): string[] {
  const pieces = [
    'a', 'Zq9', 'jane.doe', '_x', '%', '+', '-', '.', '/', ':', '@', '@@', '://', 'https', 'ftp+ssh', 'user', 'p4ss',
    'example.com', 'co', '.org', ' ', '\n', '"', "'", 'x'.repeat(70), '[', 'b-c', '1.2', 'git', 'mailto', '~',
    'jane.doe@example.com', 'a@b.co', 'x_y+z@mail.example.org', 'logo@2x.png', 'https://u:p4ss@host.example',
    'postgres://admin:s3cret@db', 'git+ssh://me:tok@[::1]', 'HTTP://A:B@C', 'redis://:pw@cache', '1a://u:p@h',
    'http', 'hTTpS', 'shttp', 'ttps', '+1', '+4', '+0', '++', '(', ')', '415', '555 2671', '2', '-', '9', '\u212a', 'ſ',
    '+1 (415) 555-2671', '+44 20 7946 0958', '+49-30-1234567', '+33.1.23.45.67.89', 'a+1 415 555 2671',
  ];
  let s = seed >>> 0;
  const next = (): number => (s = (Math.imul(s, 1664525) + 1013904223) >>> 0) / 2 ** 32;
  return Array.from({ length: count }, () => {
    let t = '';
    const n = 1 + Math.floor(next() * 24);
    for (let i = 0; i < n; i++) t += pieces[Math.floor(next() * pieces.length)];
    return t;
  });
}

const spans = (collect: (fn: (m: RegExpExecArray) => void) => void): string[] => {
  const out: string[] = [];
  collect((m) => void out.push(`${m.index}:${m[0]}`));
  return out;
};

describe('eachAnchoredMatch', () => {
  const cases: [string, RegExp, string, (text: string, at: number, from: number) => number][] = [
    ['email', EMAIL_PATTERN, '@', emailStart],
    ['URL credentials', URL_CREDENTIALS_PATTERN, '://', schemeStart],
    ['URL candidate', URL_CANDIDATE_PATTERN, '://', httpStart],
    ['international phone', PHONE_INTL_PATTERN, '+', atPlus],
  ];
  for (const [name, re, literal, startOf] of cases) {
    it(`finds exactly what a global ${name} scan finds`, () => {
      const sticky = stickyOf(re);
      let matched = 0;
      for (const text of fuzzTexts(4000, name.length)) {
        const global = spans((fn) => eachMatch(re, text, fn));
        matched += global.length;
        expect(spans((fn) => eachAnchoredMatch(sticky, text, literal, startOf, fn)), JSON.stringify(text)).toEqual(global);
      }
      expect(matched).toBeGreaterThan(50); // the fuzz really produces matches
    });
  }
});

describe('firstMatchBefore', () => {
  const pieces = ['a', 'word', ' ', '  ', '\t', '\n', '\n\n', '.', '!', '?', "'", '"', ',', '}', ']', '<', '</', '<b>', '-', '---', 'é', '東'];
  let s = 11;
  const next = (): number => (s = (Math.imul(s, 1664525) + 1013904223) >>> 0) / 2 ** 32;
  const texts = Array.from({ length: 3000 }, () => {
    let t = '';
    for (let n = Math.floor(next() * 30); n > 0; n--) t += pieces[Math.floor(next() * pieces.length)];
    return t;
  });

  END_PATTERNS.forEach(([re, opens], k) => {
    it(`finds what a global scan of end pattern ${k} finds before the limit`, () => {
      const sticky = stickyOf(re);
      let matched = 0;
      for (const text of texts) {
        for (const [from, limit] of [[0, text.length], [1, 9], [3, 5], [2, text.length + 4]] as const) {
          re.lastIndex = from;
          const m = re.exec(text);
          re.lastIndex = 0;
          const want = m !== null && m.index < limit ? `${m.index}:${m[0]}` : null;
          const got = firstMatchBefore(sticky, opens, text, from, limit);
          if (want !== null) matched++;
          expect(got === null ? null : `${got.index}:${got[0]}`, JSON.stringify([text, from, limit])).toBe(want);
        }
      }
      expect(matched).toBeGreaterThan(500);
    });
  });
});
