import { describe, expect, it } from 'vitest';
import { anthropicReplyOf, stopReasonOf } from './anthropic-reply.js';

describe('anthropicReplyOf', () => {
  it('maps reasoning_content to thinking, content to text, tool_calls to tool_use, and usage with cached tokens apart', () => {
    const m = anthropicReplyOf({
      id: 'chatcmpl-1',
      object: 'chat.completion',
      created: 1,
      model: 'deepseek-reasoner',
      choices: [{ index: 0, message: { role: 'assistant', content: 'Sure.', reasoning_content: 'think', tool_calls: [{ id: 'c1', type: 'function', function: { name: 'f', arguments: '{"a":1}' } }] }, finish_reason: 'tool_calls' }],
      usage: { prompt_tokens: 12, completion_tokens: 7, total_tokens: 19, prompt_tokens_details: { cached_tokens: 2 } },
    });
    expect(m).toEqual({
      id: 'chatcmpl-1',
      type: 'message',
      role: 'assistant',
      model: 'deepseek-reasoner',
      content: [
        { type: 'thinking', thinking: 'think', signature: '' },
        { type: 'text', text: 'Sure.' },
        { type: 'tool_use', id: 'c1', name: 'f', input: { a: 1 } },
      ],
      stop_reason: 'tool_use',
      stop_sequence: null,
      usage: { input_tokens: 10, cache_creation_input_tokens: 0, cache_read_input_tokens: 2, output_tokens: 7 },
    });
  });

  it('maps finish reasons, and treats a tool call finished with stop as tool_use', () => {
    expect([stopReasonOf('stop', false), stopReasonOf('length', false), stopReasonOf('content_filter', false), stopReasonOf('stop', true), stopReasonOf(null, false)]).toEqual(['end_turn', 'max_tokens', 'refusal', 'tool_use', 'end_turn']);
  });
});
