import { describe, expect, it } from 'vitest';
import { SseFramer } from './sse-framer.js';

const STREAM = 'event: message_start\ndata: {"a":1}\n\n: keep-alive comment\n\nevent: ping\r\ndata: {"type":"ping"}\r\n\r\ndata: line one\ndata: line two\n\n';

describe('SseFramer', () => {
  it('yields whole frames with their exact text wherever the stream is cut', () => {
    for (let cut = 0; cut <= STREAM.length; cut++) {
      const f = new SseFramer();
      const frames = [...(f.push(STREAM.slice(0, cut)) ?? []), ...(f.push(STREAM.slice(cut)) ?? [])];
      expect(frames.map((x) => x.raw).join('')).toBe(STREAM);
      expect(frames.map((x) => x.event?.event ?? x.event?.data ?? null)).toEqual(['message_start', null, 'ping', 'line one\nline two']);
      expect(f.rest()).toBe('');
    }
  });

  it('survives one character at a time', () => {
    const f = new SseFramer();
    const frames = [...STREAM].flatMap((c) => f.push(c) ?? []);
    expect(frames.map((x) => x.raw)).toEqual(['event: message_start\ndata: {"a":1}\n\n', ': keep-alive comment\n\n', 'event: ping\r\ndata: {"type":"ping"}\r\n\r\n', 'data: line one\ndata: line two\n\n']);
  });

  it('refuses a frame that outgrows its bound and keeps an unfinished frame as the rest', () => {
    const f = new SseFramer(32);
    expect(f.push('data: short\n\ndata: unfinished')).toHaveLength(1);
    expect(f.rest()).toBe('data: unfinished');
    expect(f.push('x'.repeat(40))).toBeUndefined();
  });
});
