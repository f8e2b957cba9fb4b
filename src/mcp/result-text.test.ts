import { describe, expect, it } from 'vitest';
import { joinParts, redactResult, resultParts } from './result-text.js';

describe('tool result text', () => {
  const result = {
    content: [
      { type: 'text' as const, text: 'first' },
      { type: 'image' as const, data: 'AAAA', mimeType: 'image/png' },
      { type: 'text' as const, text: 'key AKIAX then more' },
    ],
    structuredContent: { key: 'AKIAX' },
  };

  it('joins text parts and structured content for the engine', () => {
    expect(joinParts(resultParts(result))).toBe('first\n\nkey AKIAX then more\n{"key":"AKIAX"}');
  });

  it('maps redactions over the joined text back into each part', () => {
    const joined = joinParts(resultParts(result));
    const spans = [...joined.matchAll(/AKIAX/g)].map((m) => ({ arg: undefined, start: m.index, end: m.index + 5, replacement: '[R]' }));
    const out = redactResult(result, spans);
    expect(out.content).toEqual([
      { type: 'text', text: 'first' },
      { type: 'image', data: 'AAAA', mimeType: 'image/png' },
      { type: 'text', text: 'key [R] then more' },
    ]);
    expect(out.structuredContent).toEqual({ key: '[R]' });
  });
});
