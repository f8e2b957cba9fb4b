import { PassThrough } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { firstFrameError, peekFirstFrame } from './first-frame.js';

async function drain(s: PassThrough): Promise<string> {
  let out = '';
  for await (const c of s as AsyncIterable<Buffer>) out += c.toString('utf8');
  return out;
}

describe('peekFirstFrame', () => {
  it('returns the first event once complete and leaves every byte in the stream', async () => {
    const s = new PassThrough();
    const peek = peekFirstFrame(s);
    s.write('event: message_start\ndata: {"a":');
    s.write('1}\n\nevent: ping\n');
    expect(await peek).toEqual({ kind: 'frame', text: 'event: message_start\ndata: {"a":1}' });
    s.end('data: {}\n\n');
    expect(await drain(s)).toBe('event: message_start\ndata: {"a":1}\n\nevent: ping\ndata: {}\n\n');
  });

  it('says when the stream ended with no event, and rejects when it breaks first', async () => {
    const empty = new PassThrough();
    const p = peekFirstFrame(empty);
    empty.end();
    expect(await p).toEqual({ kind: 'ended' });
    const broken = new PassThrough();
    const q = peekFirstFrame(broken);
    broken.write(':\n');
    setImmediate(() => broken.destroy(new Error('socket hang up')));
    await expect(q).rejects.toThrow('socket hang up');
  });
});

describe('firstFrameError', () => {
  it('reads an error event as the status the same error has as a response', () => {
    expect(firstFrameError('anthropic', 'event: error\ndata: {"type":"error","error":{"type":"overloaded_error","message":"Overloaded"}}')).toEqual({
      status: 529,
      body: '{"type":"error","error":{"type":"overloaded_error","message":"Overloaded"}}',
    });
    expect(firstFrameError('anthropic', 'event: error\ndata: {"type":"error","error":{"type":"invalid_request_error","message":"x"}}')?.status).toBe(400);
    expect(firstFrameError('openai', 'data: {"error":{"message":"Rate limit","type":"requests","code":"rate_limit_exceeded"}}')?.status).toBe(429);
    expect(firstFrameError('openai', 'data: {"error":{"message":"boom","type":"server_error"}}')?.status).toBe(500);
  });

  it('leaves ordinary first events alone', () => {
    expect(firstFrameError('anthropic', 'event: message_start\ndata: {"type":"message_start","message":{"content":[{"text":"\\"error\\""}]}}')).toBeUndefined();
    expect(firstFrameError('openai', 'data: {"id":"c","choices":[{"delta":{"content":"an \\"error\\" here"}}]}')).toBeUndefined();
    expect(firstFrameError('openai', ': keep-alive')).toBeUndefined();
  });
});
