import { describe, expect, it } from 'vitest';
import { assignNames, MAX_TOOL_NAME, prefixedName } from './names.js';

describe('prefixedName', () => {
  it('joins server and tool with a double underscore', () => {
    expect(prefixedName('github', 'create_issue')).toBe('github__create_issue');
  });

  it('keeps long names within 64 characters and apart from each other', () => {
    const a = prefixedName('server', `t${'x'.repeat(80)}a`);
    const b = prefixedName('server', `t${'x'.repeat(80)}b`);
    expect(a.length).toBeLessThanOrEqual(MAX_TOOL_NAME);
    expect(b.length).toBeLessThanOrEqual(MAX_TOOL_NAME);
    expect(a).not.toBe(b);
  });

  it('replaces characters clients reject, without merging names that differ only there', () => {
    const spaced = prefixedName('s', 'do thing');
    expect(spaced).toMatch(/^[A-Za-z0-9_.-]+$/);
    expect(spaced).not.toBe(prefixedName('s', 'do_thing'));
  });
});

describe('assignNames', () => {
  it('gives a colliding name a hash suffix instead of dropping the tool', () => {
    const m = assignNames([{ k: 'a/x' }, { k: 'b/x' }], () => 'x', (e) => e.k);
    expect(m.size).toBe(2);
    expect(m.get('x')).toEqual({ k: 'a/x' });
    expect([...m.keys()][1]).toMatch(/^x-[0-9a-f]{8}$/);
  });
});
