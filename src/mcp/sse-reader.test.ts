import { describe, expect, it } from 'vitest';
import { SseReader } from './sse-reader.js';

describe('SseReader', () => {
  it('yields the data of each event, across chunk boundaries and CRLF line ends', () => {
    const seen: string[] = [];
    const r = new SseReader((d) => seen.push(d));
    r.push('event: message\r\nid: 1\r\ndata: {"a"');
    r.push(':1}\r\n\r\ndata:x\ndata: y\n\n: comment\n\n');
    expect(seen).toEqual(['{"a":1}', 'x\ny']);
  });

  it('reports an event that outgrows its bound', () => {
    const r = new SseReader(() => undefined);
    expect(r.push(`data: ${'x'.repeat(9 * 1024 * 1024)}`)).toBe(false);
  });
});
