import { describe, expect, it } from 'vitest';
import { stickyOf } from './anchored.js';
import { INJECTION_PATTERNS } from './injection.js';
import { eachMatch } from './scan-targets.js';
import { WordStarts } from './word-starts.js';

/** Deterministic text made of the words and marks the injection patterns open with, in every case and order. */
function fuzzTexts(count: number, seed: number): string[] {
  const pieces = [
    'ignore', 'IGNORE', 'Ignore', 'External_Ignore', 'xdisregard', 'forget', 'Override', 'bypass', 'all', 'your', 'previous', 'prior',
    'instructions', 'system', 'rules', 'tasks', 'IMPORTANT', 'important', '!!!', '!', '<', '</', '>', 'INFORMATION', 'ADMIN', '#', '##',
    '###', '(', ')', 'system_message', '[', ']', 'INST', '<|im_start|>', '<|system|>', 'new', 'New', 'instruction', ':', 'this', 'is',
    'a', 'an', 'An', 'urgent', 'message', 'from', 'me', 'the', 'user', 'to', 'To', 'you', 'You', ',', 'Claude', 'AI', 'before', 'can',
    'solve', 'task', 'should', 'use', 'tool', 'function', 'strictly', 'adhere', 'following', 'do', 'not', 'tell', 'mention', 'please',
    'Please', 'PLEASE', 'kindly', 'note', 'could', 'would', 'will', 'I', 'i', 'need', 'want', 'like', 'must', 'have', 'send', 'Send',
    'SEND', 'E-mail', 'E', 'Email', 'Transfer', 'Go', 'go', 'make', 'Make', 'sure', '$5', '5', 'money', 'x9', '_', 'é', 'ßend', '東京',
    ' ', ' ', ' ', '  ', '\n', '\t', '\u00a0', '.', '. ', "'", '"', ': ', '-', ' - ', 'forgetful', 'ignored', 'reignore', 'a1', 'Sendx',
  ];
  let s = seed >>> 0;
  const next = (): number => (s = (Math.imul(s, 1664525) + 1013904223) >>> 0) / 2 ** 32;
  return Array.from({ length: count }, () => {
    let t = '';
    const n = 1 + Math.floor(next() * 40);
    for (let i = 0; i < n; i++) {
      t += pieces[Math.floor(next() * pieces.length)];
      if (next() < 0.6) t += ' ';
    }
    return t;
  });
}

const spans = (collect: (fn: (m: RegExpExecArray) => void) => void): string[] => {
  const out: string[] = [];
  collect((m) => void out.push(`${m.index}:${m[0]}`));
  return out;
};

describe('WordStarts', () => {
  const starts = new WordStarts(INJECTION_PATTERNS.map(([, spec]) => spec));
  INJECTION_PATTERNS.forEach(([re, ], k) => {
    it(`finds exactly what a global scan of injection pattern ${k} finds`, () => {
      const sticky = stickyOf(re);
      let matched = 0;
      for (const text of fuzzTexts(6000, 11 + k)) {
        const global = spans((fn) => eachMatch(re, text, fn));
        matched += global.length;
        starts.scan(text);
        expect(spans((fn) => starts.eachMatch(k, sticky, text, fn)), JSON.stringify(text)).toEqual(global);
      }
      expect(matched).toBeGreaterThan(200); // the fuzz really produces matches
    });
  });

  it('lists each start once, in increasing order', () => {
    const ws = new WordStarts([{ words: ['ignore'], endings: ['ignore'], chars: '<' }]);
    ws.scan('ignore <x_IGNORE ignore');
    expect([...ws.starts(0)]).toEqual([0, 7, 10, 17]);
  });

  it('rejects specs it could not honour', () => {
    expect(() => new WordStarts([{ chars: 'a' }])).toThrow();
    expect(() => new WordStarts([{ words: ['-x'] }])).toThrow();
    expect(() => new WordStarts([{ endings: ['a_b'] }])).toThrow();
  });
});
