import { describe, expect, it } from 'vitest';
import { asciiCodes, isAscii, NON_ASCII } from './ascii-codes.js';

describe('asciiCodes', () => {
  it('gives ASCII chars their codes and every other char NON_ASCII, one code per UTF-16 unit', () => {
    const text = 'a€b\u{1F600}c';
    const codes = Array.from(asciiCodes(text).subarray(0, text.length));
    expect(codes).toEqual([97, NON_ASCII, 98, NON_ASCII, NON_ASCII, 99]);
  });

  it('re-encodes when another text comes, including one of the same length, and after a longer one', () => {
    expect(String.fromCharCode(...asciiCodes('abc').subarray(0, 3))).toBe('abc');
    expect(String.fromCharCode(...asciiCodes('xyz').subarray(0, 3))).toBe('xyz');
    const long = 'q'.repeat(10_000);
    expect(asciiCodes(long)[9_999]).toBe(113);
    expect(String.fromCharCode(...asciiCodes('abc').subarray(0, 3))).toBe('abc');
  });

  it('tells ASCII-only text from text with any other char', () => {
    expect(isAscii('plain text, 42 ~')).toBe(true);
    expect(isAscii('')).toBe(true);
    expect(isAscii('zero\u200bwidth')).toBe(false);
    expect(isAscii('café')).toBe(false);
    // A shorter non-ASCII text after a long ASCII one: the shared buffer has room for its UTF-8 bytes.
    asciiCodes('a'.repeat(5_000));
    expect(isAscii('é')).toBe(false);
  });
});
