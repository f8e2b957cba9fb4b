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
