import { describe, expect, it } from 'vitest';
import { ConfigSchema } from '../config/schema.js';
import type { ToolPinRecord } from '../core/index.js';
import { FIRST_USE, PinBook } from './pin-book.js';

const P = (c: string): string => c.repeat(64);
const mcp = (tools: Record<string, { pin?: string }> = {}) =>
  ConfigSchema.parse({ mcp: { servers: { gh: { transport: { type: 'stdio', command: 'x' }, tools } } } }).mcp;

describe('PinBook', () => {
  it('pins on first use and hands the pin to persist; a known tool keeps its pin', () => {
    const saved: ToolPinRecord[] = [];
    const book = new PinBook(mcp(), { persist: (p) => saved.push(p), now: () => 7 });
    expect(book.pinIfNew('gh', 'search', P('a'))).toBe(P('a'));
    expect(book.pinIfNew('gh', 'search', P('b'))).toBe(P('a'));
    expect(saved).toEqual([{ server: 'gh', tool: 'search', pin: P('a'), approvedAt: 7, approvedBy: FIRST_USE }]);
  });

  it('starts from stored pins, so a definition changed while down is not trusted anew', () => {
    const book = new PinBook(mcp(), { stored: [{ server: 'gh', tool: 'search', pin: P('a'), approvedAt: 1, approvedBy: FIRST_USE }] });
    expect(book.pinIfNew('gh', 'search', P('b'))).toBe(P('a'));
  });

  it('lets configuration win over the store, and says an approval of a configured pin will not survive a restart', () => {
    const saved: ToolPinRecord[] = [];
    const book = new PinBook(mcp({ search: { pin: P('c') } }), {
      stored: [{ server: 'gh', tool: 'search', pin: P('a'), approvedAt: 1, approvedBy: 'ann' }],
      persist: (p) => saved.push(p),
    });
    expect(book.get('gh', 'search')).toBe(P('c'));
    expect(book.approve('gh', 'search', P('d'), 'ann')).toEqual({ persisted: false });
    expect(book.get('gh', 'search')).toBe(P('d'));
    expect(book.approve('gh', 'other', P('e'), 'ann')).toEqual({ persisted: true });
    expect(saved.map((p) => [p.tool, p.approvedBy])).toEqual([['search', 'ann'], ['other', 'ann']]);
  });
});
