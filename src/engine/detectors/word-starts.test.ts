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

  // Phrases the patterns match, their words separated in every way: Unicode spaces among them (a non-ASCII
  // char is one code to the scanner).
  INJECTION_PATTERNS.forEach(([re, ], k) => {
    it(`finds what a global scan of injection pattern ${k} finds, whatever separates the words`, () => {
      const phrases = [
        'to you, Claude', 'To YOU the assistant', 'before you can solve the task', 'do not tell the user', 'this is an important message from me',
        'a urgent message from the user', 'new instructions:', 'New instruction :', 'you should use the tool x', 'strictly adhere to the following instructions',
        'I need you to send', 'i want you to go', 'I would like you to make', 'can you please send', 'could you send', 'would you', 'will you go',
        'you must send', 'you have to pay', 'make sure to send', 'Make sure you go', 'please send', 'kindly go', 'Send the money', 'Transfer $5',
        'to', 'you', 'do', 'not', 'this', 'is', 'a', 'an', 'new', 'I', 'need', 'make', 'sure', 'youx', 'xto', 'é', 'note',
      ];
      const seps = [' ', ' ', ' ', ' ', ' ', '  ', '\t', '\n', '\u00a0', '\u2003', '\ufeff', '', ',', ':', '-', '_', 'é'];
      const sticky = stickyOf(re);
      let s = 101 + k;
      const next = (): number => (s = (Math.imul(s, 1664525) + 1013904223) >>> 0) / 2 ** 32;
      const sep = (): string => seps[Math.floor(next() * seps.length)] ?? ' ';
      let matched = 0;
      for (let t = 0; t < 6000; t++) {
        let text = '';
        for (let n = 1 + Math.floor(next() * 8); n > 0; n--) {
          const phrase = phrases[Math.floor(next() * phrases.length)] ?? '';
          text += phrase.split(' ').join(next() < 0.6 ? ' ' : sep()) + sep();
        }
        const global = spans((fn) => eachMatch(re, text, fn));
        matched += global.length;
        starts.scan(text);
        expect(spans((fn) => starts.eachMatch(k, sticky, text, fn)), JSON.stringify(text)).toEqual(global);
      }
      expect(matched).toBeGreaterThan(300); // the fuzz really produces matches
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
