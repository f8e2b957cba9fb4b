import { describe, expect, it } from 'vitest';
import { BoundedLog } from './bounded-log.js';

describe('BoundedLog', () => {
  it('keeps the last lines, joins chunks split mid-line, and counts what it dropped', () => {
    const log = new BoundedLog(2, 10);
    log.write('one\ntw');
    log.write('o\nthree\nfour');
    expect(log.lines()).toEqual(['two', 'three', 'four']);
    expect(log.dropped).toBe(1);
  });

  it('cuts long lines', () => {
    const log = new BoundedLog(5, 4);
    log.write('abcdefgh\n');
    expect(log.lines()).toEqual(['abcd…']);
  });
});
