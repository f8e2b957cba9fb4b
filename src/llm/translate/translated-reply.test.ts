import { PassThrough, Readable } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { ANTHROPIC_CODEC } from '../providers/anthropic/codec.js';
import { codecFor } from '../providers/codecs.js';
import type { ChatChunk, ProviderCodec, StreamDecoder } from '../canonical/chat.js';
import { chatFailure } from '../providers/chat-error.js';
import { FailureLatch } from '../providers/failure-latch.js';
import type { UpstreamReply } from '../upstream.js';
import { bedrockEvent, bedrockException } from '../../../test/fakes/bedrock.js';
import { translatedReply } from './translated-reply.js';

const reply = (status: number, body: string | Readable, headers: Record<string, string> = {}): UpstreamReply => ({
  statusCode: status,
  headers: { 'content-type': 'application/json', 'content-length': '1', ...headers },
  body: typeof body === 'string' ? Readable.from([Buffer.from(body)]) : body,
});
const ev = (event: string, data: Record<string, unknown>): string => `event: ${event}\ndata: ${JSON.stringify({ type: event, ...data })}\n\n`;
const opts = { codec: ANTHROPIC_CODEC, format: 'openai' as const, model: 'claude-x', maxBytes: 1 << 20 };

async function text(r: UpstreamReply): Promise<string> {
  let s = '';
  for await (const c of r.body as AsyncIterable<Buffer>) s += c.toString();
  return s;
}

describe('translatedReply', () => {
  it('re-encodes a provider error in the caller format, keeping status and Retry-After', async () => {
    const r = await translatedReply(reply(429, '{"type":"error","error":{"type":"rate_limit_error","message":"slow down"}}', { 'retry-after': '3' }), { ...opts, stream: false });
    expect([r.statusCode, r.headers['retry-after'], r.headers['content-type'], r.headers['content-length']]).toEqual([429, '3', 'application/json', undefined]);
    expect(JSON.parse(await text(r))).toEqual({ error: { message: 'slow down', type: 'rate_limit_error', param: null, code: null } });
    const a = await translatedReply(reply(529, '{"error":{"message":"busy"}}'), { ...opts, codec: codecFor('openai'), format: 'anthropic', stream: true });
    expect([a.statusCode, JSON.parse(await text(a))]).toEqual([529, { type: 'error', error: { type: 'overloaded_error', message: 'busy' } }]);
  });

  it('answers a 2xx body that is not a reply with a 502 in the caller format', async () => {
    const r = await translatedReply(reply(200, '<html>'), { ...opts, format: 'anthropic', codec: codecFor('openai'), stream: false });
    expect([r.statusCode, JSON.parse(await text(r))]).toEqual([502, { type: 'error', error: { type: 'api_error', message: 'the upstream answer is not JSON' } }]);
  });

  it('answers an oversized whole reply with a 502 rather than buffering it', async () => {
    const r = await translatedReply(reply(200, JSON.stringify({ content: [{ type: 'text', text: 'x'.repeat(100) }] })), { ...opts, maxBytes: 50, stream: false });
    expect(r.statusCode).toBe(502);
  });

  it('re-encodes a stream as Chat Completions chunks ending in [DONE]', async () => {
    const sse = [ev('message_start', { message: { id: 'msg_1', usage: { input_tokens: 3 } } }), ev('content_block_start', { index: 0, content_block: { type: 'text', text: '' } }), ev('content_block_delta', { index: 0, delta: { type: 'text_delta', text: 'Hi' } }), ev('message_delta', { delta: { stop_reason: 'end_turn' }, usage: { output_tokens: 2 } }), ev('message_stop', {})].join('');
    const r = await translatedReply(reply(200, sse, { 'content-type': 'text/event-stream' }), { ...opts, stream: true });
    expect(r.headers['content-type']).toBe('text/event-stream; charset=utf-8');
    const frames = (await text(r)).split('\n\n').filter((f) => f !== '');
    expect(frames.at(-1)).toBe('data: [DONE]');
    const chunks = frames.slice(0, -1).map((f) => JSON.parse(f.slice(6)) as { choices: { delta: unknown; finish_reason: unknown }[]; usage?: unknown });
    expect(chunks.map((c) => [c.choices[0]?.delta, c.choices[0]?.finish_reason])).toEqual([
      [{ role: 'assistant', content: '' }, null],
      [{ content: 'Hi' }, null],
      [{}, 'stop'],
    ]);
    expect(chunks[2]?.usage).toMatchObject({ prompt_tokens: 3, completion_tokens: 2 });
  });

  it('ends a stream that fails mid-way with the caller error event, and drains the rest', async () => {
    const sse = ev('message_start', { message: { id: 'm', usage: {} } }) + ev('error', { error: { type: 'overloaded_error', message: 'busy' } }) + ev('content_block_start', { index: 0, content_block: { type: 'text', text: 'late' } });
    const r = await translatedReply(reply(200, sse), { ...opts, stream: true });
    const frames = (await text(r)).split('\n\n').filter((f) => f !== '');
    expect(frames).toHaveLength(2);
    expect(JSON.parse(String(frames[1]).slice(6))).toEqual({ error: { message: 'busy', type: 'overloaded_error', param: null, code: null } });
  });

  it('errors the translated body when the upstream resets, so the gateway ends the stream with its error', async () => {
    const up = new PassThrough();
    const r = await translatedReply(reply(200, up), { ...opts, stream: true });
    up.write(ev('message_start', { message: { id: 'm', usage: {} } }));
    setImmediate(() => up.destroy(new Error('ECONNRESET')));
    await expect(text(r)).rejects.toThrow('ECONNRESET');
  });

  it('destroys the upstream body when the caller goes away', async () => {
    const up = new PassThrough();
    const r = await translatedReply(reply(200, up), { ...opts, stream: true });
    r.body.destroy();
    await new Promise((resolve) => setImmediate(resolve));
    expect(up.destroyed).toBe(true);
  });
});

describe('translatedReply, empty streams', () => {
  it('turns a 2xx stream with no event into the caller error event instead of an empty answer', async () => {
    const r = await translatedReply(reply(200, ': keep-alive\n\n'), { ...opts, format: 'anthropic', codec: codecFor('openai'), stream: true });
    expect(await text(r)).toBe('event: error\ndata: {"type":"error","error":{"type":"api_error","message":"the upstream stream ended before its first event"}}\n\n');
  });
});

describe('translatedReply, errors after chunks (the FailureLatch convention)', () => {
  const chunk = (content: string): ChatChunk => ({ id: 'c', object: 'chat.completion.chunk', created: 1, model: 'm', choices: [{ index: 0, delta: { content }, finish_reason: null }] });
  /** A decoder whose end() returns a last chunk, then meets an error (a stream cut after it). */
  class EndsBroken implements StreamDecoder {
    readonly #latch = new FailureLatch();
    push(): readonly ChatChunk[] {
      this.#latch.check();
      return [chunk('a')];
    }
    end(): readonly ChatChunk[] {
      this.#latch.check();
      return this.#latch.hold([chunk('b')], chatFailure({ status: 502, type: 'api_error', message: 'cut at the end' }));
    }
  }
  const codec: ProviderCodec = { ...ANTHROPIC_CODEC, id: 'test', streamDecoder: () => new EndsBroken() };

  it('sends the chunks end() returned, then the error it held, and no clean end', async () => {
    const r = await translatedReply(reply(200, 'x'), { ...opts, codec, format: 'openai', stream: true });
    const out = await text(r);
    expect(out.indexOf('"content":"a"')).toBeGreaterThan(-1);
    expect(out.indexOf('"content":"b"')).toBeGreaterThan(out.indexOf('"content":"a"'));
    expect(out).toContain('cut at the end');
    expect(out).not.toContain('[DONE]');
  });

  it.each(['gemini', 'bedrock'] as const)('keeps the %s chunks that arrived in the same bytes as an error', async (format) => {
    const bytes =
      format === 'gemini'
        ? Buffer.from(`data: ${JSON.stringify({ candidates: [{ content: { parts: [{ text: 'Hel' }] } }] })}\n\ndata: ${JSON.stringify({ candidates: [{ content: { parts: [{ text: 'lo' }] } }] })}\n\ndata: ${JSON.stringify({ error: { code: 503, message: 'overloaded', status: 'UNAVAILABLE' } })}\n\n`)
        : Buffer.concat([bedrockEvent('messageStart', { role: 'assistant' }), bedrockEvent('contentBlockDelta', { contentBlockIndex: 0, delta: { text: 'Hello' } }), bedrockException('modelStreamErrorException', 'overloaded')]);
    const r = await translatedReply(reply(200, Readable.from([bytes])), { ...opts, codec: codecFor(format), format: 'anthropic', stream: true });
    const out = await text(r);
    const deltas = [...out.matchAll(/"text_delta","text":"([^"]*)"/g)].map((m) => m[1]).join('');
    expect(deltas).toBe('Hello');
    expect(out).toMatch(/event: error\ndata: \{"type":"error","error":\{"type":"[a-z_]+","message":"overloaded"\}\}/);
  });
});
