import { describe, expect, it } from 'vitest';
import { redactParts, redactText } from './redact-text.js';

const r = (start: number, end: number, replacement = '[X]') => ({ arg: undefined, start, end, replacement });

describe('redactText', () => {
  it('replaces spans from the end so offsets hold', () => {
    expect(redactText('key=abc and key=def', [r(4, 7), r(16, 19)])).toBe('key=[X] and key=[X]');
  });

  it('splits a span across joined parts', () => {
    // "abc\ndef": the span 1..6 covers "bc" of the first part and "de" of the second.
    expect(redactParts(['abc', 'def'], [r(1, 6)])).toEqual(['a[X]', 'f']);
    expect(redactParts(['abc', 'def'], [r(4, 5)])).toEqual(['abc', '[X]ef']);
  });
});
