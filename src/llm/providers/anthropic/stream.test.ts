import { describe, expect, it } from 'vitest';
import type { ChatChunk } from '../../canonical/chat.js';
import { AnthropicStreamDecoder } from './stream.js';

const ev = (event: string, data: Record<string, unknown>): string => `event: ${event}\ndata: ${JSON.stringify({ type: event, ...data })}\n\n`;
const enc = new TextEncoder();

const STREAM = [
  ev('message_start', { message: { id: 'msg_1', model: 'claude-x', usage: { input_tokens: 10, cache_read_input_tokens: 4, output_tokens: 1 } } }),
  ev('ping', {}),
  ev('content_block_start', { index: 0, content_block: { type: 'thinking', thinking: '' } }),
  ev('content_block_delta', { index: 0, delta: { type: 'thinking_delta', thinking: 'Let me think' } }),
  ev('content_block_delta', { index: 0, delta: { type: 'signature_delta', signature: 'sig' } }),
  ev('content_block_stop', { index: 0 }),
  ev('content_block_start', { index: 1, content_block: { type: 'text', text: '' } }),
  ev('content_block_delta', { index: 1, delta: { type: 'text_delta', text: 'Checking' } }),
  ev('content_block_stop', { index: 1 }),
  ev('content_block_start', { index: 2, content_block: { type: 'tool_use', id: 'toolu_1', name: 'get_weather', input: {} } }),
  ev('content_block_delta', { index: 2, delta: { type: 'input_json_delta', partial_json: '{"city":' } }),
  ev('content_block_delta', { index: 2, delta: { type: 'input_json_delta', partial_json: '"Paris"}' } }),
  ev('content_block_stop', { index: 2 }),
  ev('message_delta', { delta: { stop_reason: 'tool_use' }, usage: { output_tokens: 9 } }),
  ev('message_stop', {}),
].join('');

function decodeInPieces(text: string, size: number): ChatChunk[] {
  const d = new AnthropicStreamDecoder('claude-x', 1_700_000_000_000);
  const out: ChatChunk[] = [];
  const bytes = enc.encode(text);
  for (let i = 0; i < bytes.length; i += size) out.push(...d.push(bytes.subarray(i, i + size)));
  out.push(...d.end());
  return out;
}

describe('AnthropicStreamDecoder', () => {
  it('turns the event sequence into role, reasoning, content, tool-call and finish chunks, with usage last', () => {
    const deltas = decodeInPieces(STREAM, 7).map((c) => [c.choices[0]?.delta, c.choices[0]?.finish_reason, c.usage]);
    expect(deltas).toEqual([
      [{ role: 'assistant', content: '' }, null, undefined],
      [{ reasoning_content: 'Let me think' }, null, undefined],
      [{ content: 'Checking' }, null, undefined],
      [{ tool_calls: [{ index: 0, id: 'toolu_1', type: 'function', function: { name: 'get_weather', arguments: '' } }] }, null, undefined],
      [{ tool_calls: [{ index: 0, function: { arguments: '{"city":' } }] }, null, undefined],
      [{ tool_calls: [{ index: 0, function: { arguments: '"Paris"}' } }] }, null, undefined],
      [{}, 'tool_calls', { prompt_tokens: 14, completion_tokens: 9, total_tokens: 23, prompt_tokens_details: { cached_tokens: 4 } }],
    ]);
  });

  it('gives the same chunks however the bytes are split (one byte at a time, multi-byte characters included)', () => {
    const text = STREAM.replace('Checking', 'Prüfe… 🌦');
    expect(decodeInPieces(text, 1)).toEqual(decodeInPieces(text, 1 << 20));
    expect(decodeInPieces(text, 1)[2]?.choices[0]?.delta.content).toBe('Prüfe… 🌦');
  });

  it('numbers several tool calls in order of appearance', () => {
    const two = [
      ev('message_start', { message: { id: 'm', usage: {} } }),
      ev('content_block_start', { index: 0, content_block: { type: 'tool_use', id: 'a', name: 'f', input: {} } }),
      ev('content_block_stop', { index: 0 }),
      ev('content_block_start', { index: 1, content_block: { type: 'tool_use', id: 'b', name: 'g', input: {} } }),
      ev('content_block_delta', { index: 1, delta: { type: 'input_json_delta', partial_json: '{}' } }),
    ].join('');
    const calls = decodeInPieces(two, 100).flatMap((c) => c.choices[0]?.delta.tool_calls ?? []);
    expect(calls.map((c) => [c.index, c.id])).toEqual([
      [0, 'a'],
      [1, 'b'],
      [1, undefined],
    ]);
  });

  it('throws an error event as a ChatError with the status its type stands for', () => {
    const d = new AnthropicStreamDecoder('m');
    expect(() => d.push(enc.encode(ev('error', { error: { type: 'overloaded_error', message: 'busy' } })))).toThrow(expect.objectContaining({ status: 529, message: 'busy' }));
  });

  it('throws when the stream stops in the middle of an event', () => {
    const d = new AnthropicStreamDecoder('m');
    d.push(enc.encode('event: content_block_delta\ndata: {"type":"content_block_de'));
    expect(() => d.end()).toThrow(expect.objectContaining({ status: 502 }));
  });
});
