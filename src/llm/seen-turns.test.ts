import { describe, expect, it } from 'vitest';
import { prefixDigests, SeenTurns } from './seen-turns.js';

describe('prefixDigests', () => {
  const a = [{ role: 'system', content: 'S' }, { role: 'user', content: 'U' }, { role: 'tool', content: 'R1' }];
  it('names each prefix: equal prefixes give equal digests, and a changed message changes every longer one', () => {
    const same = prefixDigests(JSON.parse(JSON.stringify(a)) as unknown[]);
    expect(prefixDigests(a)).toEqual(same);
    const changed = prefixDigests([a[0], a[1], { role: 'tool', content: 'R2' }]);
    expect(changed.slice(0, 2)).toEqual(same.slice(0, 2));
    expect(changed[2]).not.toBe(same[2]);
    expect(new Set(same).size).toBe(3);
  });

  it('does not let message boundaries move: ["ab"] + ["c"] differs from ["a"] + ["bc"]', () => {
    expect(prefixDigests(['ab', 'c'])[1]).not.toBe(prefixDigests(['a', 'bc'])[1]);
  });
});

describe('SeenTurns', () => {
  it('forgets the least recently used prefix past its bound', () => {
    const seen = new SeenTurns(2);
    seen.set('a', { redactions: [] });
    seen.set('b', { redactions: [] });
    seen.find('a');
    seen.set('a', { redactions: [] });
    seen.set('c', { redactions: [] });
    expect(seen.find('b')).toBeUndefined();
    expect(seen.find('a')).toBeDefined();
    expect(seen.find('c')).toBeDefined();
  });
});
