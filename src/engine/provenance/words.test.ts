import { describe, expect, it } from 'vitest';
import { rangeKey, seqHash, trimStops, wordHash, wordHashes } from './words.js';

describe('wordHashes', () => {
  it('hashes each word of running text as wordHash hashes it alone, stems and long words included', () => {
    const words = ['Unlocking', 'unlocked', 'unlocks', 'class', 'pass', 'red', 'bed', 'sing', 'things', 'Zürich', '東京', 'a', 'I9'];
    for (const n of [46, 47, 48, 49, 50, 51, 52, 60]) for (const end of ['', 's', 'ed', 'ing']) words.push('x'.repeat(n - end.length) + end);
    const text = words.join(' -- ');
    expect(wordHashes(text)).toEqual(words.map(wordHash));
  });

  it('folds case, inflection and punctuation to the same words', () => {
    expect(wordHashes('Send the FILES, now!')).toEqual(wordHashes('send  the file\nnow'));
    expect(wordHashes('unlocking')).toEqual(wordHashes('unlock'));
    expect(wordHashes('class')).not.toEqual(wordHashes('clas'));
  });

  it('stops after the limit', () => {
    expect(wordHashes('a b c d e', 3)).toHaveLength(3);
  });
});

describe('rangeKey', () => {
  it('keys a slice of text as seqHash keys its words with function words trimmed', () => {
    const text = 'send to the jane.doe@acme.example of x 2024-05-01 the';
    for (let s = 0; s < text.length; s += 3) {
      for (let e = s + 1; e <= text.length; e += 5) {
        const hs = wordHashes(text.slice(s, e));
        const [a, b] = trimStops(hs);
        expect(rangeKey(text, s, e)).toBe(a === b ? -1 : seqHash(hs, a, b));
      }
    }
  });
});
