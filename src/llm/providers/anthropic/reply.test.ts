import { describe, expect, it } from 'vitest';
import { chatCompletionOf } from './reply.js';

describe('chatCompletionOf', () => {
  it('maps text, thinking and tool_use blocks, the stop reason and usage (cache tokens inside prompt_tokens)', () => {
    const c = chatCompletionOf(
      {
        id: 'msg_1',
        type: 'message',
        model: 'claude-x',
        content: [
          { type: 'thinking', thinking: 'hmm', signature: 'sig' },
          { type: 'text', text: 'Let me check.' },
          { type: 'tool_use', id: 'toolu_1', name: 'get_weather', input: { city: 'Paris' } },
        ],
        stop_reason: 'tool_use',
        usage: { input_tokens: 10, cache_read_input_tokens: 5, cache_creation_input_tokens: 3, output_tokens: 7 },
      },
      'fallback',
      1_700_000_000_000,
    );
    expect(c).toEqual({
      id: 'msg_1',
      object: 'chat.completion',
      created: 1_700_000_000,
      model: 'claude-x',
      choices: [{ index: 0, message: { role: 'assistant', content: 'Let me check.', reasoning_content: 'hmm', tool_calls: [{ id: 'toolu_1', type: 'function', function: { name: 'get_weather', arguments: '{"city":"Paris"}' } }] }, finish_reason: 'tool_calls' }],
      usage: { prompt_tokens: 18, completion_tokens: 7, total_tokens: 25, prompt_tokens_details: { cached_tokens: 5 } },
    });
  });

  it.each([
    ['end_turn', 'stop'],
    ['stop_sequence', 'stop'],
    ['max_tokens', 'length'],
    ['refusal', 'content_filter'],
  ])('maps stop_reason %s to finish_reason %s', (stop, finish) => {
    expect(chatCompletionOf({ content: [{ type: 'text', text: 'x' }], stop_reason: stop }, 'm').choices[0]?.finish_reason).toBe(finish);
  });

  it('rejects a body without content as a 502 ChatError', () => {
    expect(() => chatCompletionOf({ nope: true }, 'm')).toThrow(expect.objectContaining({ status: 502, type: 'api_error' }));
  });
});
