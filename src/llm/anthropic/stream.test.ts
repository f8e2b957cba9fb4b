import { describe, expect, it } from 'vitest';
import { SseFramer } from '../sse-framer.js';
import type { ReplyToolCall, ToolVerdict } from '../tool-gate.js';
import { AnthropicStreamGate } from './stream.js';

const ev = (event: string, data: unknown): string => `event: ${event}\ndata: ${JSON.stringify(data)}\n\n`;
const TEXT = [
  ev('message_start', { type: 'message_start', message: { id: 'm', content: [] } }),
  ev('content_block_start', { type: 'content_block_start', index: 0, content_block: { type: 'text', text: '' } }),
  ev('content_block_delta', { type: 'content_block_delta', index: 0, delta: { type: 'text_delta', text: 'Sending.' } }),
  ev('content_block_stop', { type: 'content_block_stop', index: 0 }),
];
const TOOL = [
  ev('content_block_start', { type: 'content_block_start', index: 1, content_block: { type: 'tool_use', id: 'toolu_1', name: 'send_email', input: {} } }),
  ev('content_block_delta', { type: 'content_block_delta', index: 1, delta: { type: 'input_json_delta', partial_json: '{"to": "x@ev' } }),
  ev('ping', { type: 'ping' }),
  ev('content_block_delta', { type: 'content_block_delta', index: 1, delta: { type: 'input_json_delta', partial_json: 'il.example"}' } }),
  ev('content_block_stop', { type: 'content_block_stop', index: 1 }),
];
const END = [ev('message_delta', { type: 'message_delta', delta: { stop_reason: 'tool_use', stop_sequence: null }, usage: { output_tokens: 9 } }), ev('message_stop', { type: 'message_stop' })];

function run(frames: readonly string[], decide: (c: ReplyToolCall) => ToolVerdict): { out: string[]; calls: ReplyToolCall[] } {
  const calls: ReplyToolCall[] = [];
  const gate = new AnthropicStreamGate((c) => (calls.push(c), decide(c)));
  const framer = new SseFramer();
  const out = frames.map((f) => (framer.push(f) ?? []).map((x) => gate.frame(x)).join(''));
  return { out, calls };
}

describe('AnthropicStreamGate', () => {
  it('streams text as it comes, holds a tool_use block until its stop, then releases it byte-exact', () => {
    const { out, calls } = run([...TEXT, ...TOOL, ...END], () => ({ kind: 'allow' }));
    expect(out.slice(0, 4)).toEqual(TEXT);
    expect(out.slice(4, 8)).toEqual(['', '', '', '']);
    expect(out[8]).toBe(TOOL.join(''));
    expect(out.slice(9)).toEqual(END);
    expect(calls).toEqual([{ name: 'send_email', callId: 'toolu_1', rawArgs: '{"to": "x@evil.example"}' }]);
  });

  it('replaces a refused block with a text block at the same index and ends the turn', () => {
    const { out } = run([...TEXT, ...TOOL, ...END], () => ({ kind: 'replace', text: 'blocked: why' }));
    expect(out[8]).toBe(
      ev('content_block_start', { type: 'content_block_start', index: 1, content_block: { type: 'text', text: '' } }) +
        ev('content_block_delta', { type: 'content_block_delta', index: 1, delta: { type: 'text_delta', text: 'blocked: why' } }) +
        ev('content_block_stop', { type: 'content_block_stop', index: 1 }),
    );
    expect(JSON.parse((out[9] as string).split('data: ')[1] as string)).toEqual({ type: 'message_delta', delta: { stop_reason: 'end_turn', stop_sequence: null }, usage: { output_tokens: 9 } });
  });

  it('never releases a tool call the stream cut off before its stop', () => {
    const { out, calls } = run([...TEXT, ...TOOL.slice(0, 2)], () => ({ kind: 'allow' }));
    expect(out.slice(4).join('')).toBe('');
    expect(calls).toEqual([]);
  });
});
