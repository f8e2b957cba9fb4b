import { describe, expect, it } from 'vitest';
import { cacheKey, cacheScope, canonicalJson, semanticParts, type KeyContext } from './cache-key.js';

const ctx = (o: Partial<KeyContext> = {}): KeyContext => ({ scope: cacheScope('alice', {}), format: 'openai', path: '/chat/completions', routeId: 'llm.models[0]', headers: {}, ...o });

describe('cache keys', () => {
  it('ignore key order but not array order or values', () => {
    expect(canonicalJson({ b: 1, a: { d: [1, 2], c: null } })).toBe('{"a":{"c":null,"d":[1,2]},"b":1}');
    const k = (body: unknown) => cacheKey(ctx(), canonicalJson(body));
    expect(k({ model: 'm', messages: [1], stream: true })).toBe(k({ stream: true, messages: [1], model: 'm' }));
    expect(k({ model: 'm', stream: true })).not.toBe(k({ model: 'm', stream: false }));
    expect(k({ messages: [1, 2] })).not.toBe(k({ messages: [2, 1] }));
  });

  it('differ per identity, per provider credential passed through, per route and per beta header', () => {
    const body = canonicalJson({ model: 'm' });
    const alice = cacheKey(ctx(), body);
    expect(cacheKey(ctx({ scope: cacheScope('bob', {}) }), body)).not.toBe(alice);
    expect(cacheKey(ctx({ scope: cacheScope('alice', { authorization: 'Bearer sk-a' }) }), body)).not.toBe(alice);
    expect(cacheScope('local', { authorization: 'Bearer sk-a' })).not.toBe(cacheScope('local', { authorization: 'Bearer sk-b' }));
    expect(cacheScope('local', { authorization: 'Bearer sk-a' })).not.toContain('sk-a');
    expect(cacheKey(ctx({ routeId: 'llm.models[1]' }), body)).not.toBe(alice);
    expect(cacheKey(ctx({ headers: { 'anthropic-beta': 'x' } }), body)).not.toBe(alice);
    expect(cacheKey(ctx({ headers: { 'user-agent': 'other' } }), body)).toBe(alice);
  });

  it('split a text-only last user turn for semantic matching, and refuse tool turns', () => {
    const p = semanticParts({ model: 'm', messages: [{ role: 'system', content: 'be brief' }, { role: 'user', content: [{ type: 'text', text: 'capital of France?' }] }] });
    expect(p?.text).toBe('capital of France?');
    const q = semanticParts({ model: 'm', messages: [{ role: 'system', content: 'be brief' }, { role: 'user', content: 'what is the capital of France' }] });
    expect(q?.rest).toBe(p?.rest);
    expect(semanticParts({ model: 'm', messages: [{ role: 'tool', content: 'x' }, { role: 'user', content: 'hi' }] })).toBeUndefined();
    expect(semanticParts({ model: 'm', messages: [{ role: 'user', content: [{ type: 'tool_result', tool_use_id: 't', content: 'x' }] }] })).toBeUndefined();
    expect(semanticParts({ model: 'm', messages: [{ role: 'user', content: [{ type: 'image', source: {} }] }] })).toBeUndefined();
    expect(semanticParts({ model: 'm', messages: [{ role: 'user', content: 'hi' }, { role: 'assistant', content: 'hello' }] })).toBeUndefined();
  });
});
