import { describe, expect, it } from 'vitest';
import { Subscriptions } from './subscriptions.js';

describe('Subscriptions', () => {
  it('subscribes upstream for the first session and unsubscribes after the last', () => {
    const s = new Subscriptions<string>();
    expect(s.add('fx', 'test://a', 'one')).toBe(true);
    expect(s.add('fx', 'test://a', 'two')).toBe(false);
    expect(s.add('other', 'test://a', 'one')).toBe(true);
    expect([...s.subscribers('fx', 'test://a')]).toEqual(['one', 'two']);
    expect(s.remove('fx', 'test://a', 'one')).toBe(false);
    expect(s.remove('fx', 'test://a', 'one')).toBe(false);
    expect(s.remove('fx', 'test://a', 'two')).toBe(true);
    expect(s.subscribers('fx', 'test://a').size).toBe(0);
  });

  it('drops an ended session everywhere and names the resources nobody watches any more', () => {
    const s = new Subscriptions<string>();
    s.add('fx', 'test://a', 'one');
    s.add('fx', 'test://b', 'one');
    s.add('fx', 'test://b', 'two');
    expect(s.drop('one')).toEqual([{ server: 'fx', uri: 'test://a' }]);
    expect([...s.subscribers('fx', 'test://b')]).toEqual(['two']);
  });
});
