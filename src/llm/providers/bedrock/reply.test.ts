import { describe, expect, it } from 'vitest';
import { decodeBedrockReply } from './reply.js';

describe('decodeBedrockReply', () => {
  it('maps text, reasoning, tool use blocks and usage (cache reads and writes counted as prompt)', () => {
    const c = decodeBedrockReply(
      {
        output: {
          message: {
            role: 'assistant',
            content: [
              { reasoningContent: { reasoningText: { text: 'The user wants weather.', signature: 'sig' } } },
              { text: 'Let me check.' },
              { toolUse: { toolUseId: 'tooluse_abc', name: 'weather', input: { city: 'Paris' } } },
            ],
          },
        },
        stopReason: 'tool_use',
        usage: { inputTokens: 10, outputTokens: 20, totalTokens: 130, cacheReadInputTokens: 80, cacheWriteInputTokens: 20 },
        metrics: { latencyMs: 321 },
      },
      'claude',
    );
    expect(c).toMatchObject({
      object: 'chat.completion',
      model: 'claude',
      choices: [
        {
          index: 0,
          message: { role: 'assistant', content: 'Let me check.', reasoning_content: 'The user wants weather.', tool_calls: [{ id: 'tooluse_abc', type: 'function', function: { name: 'weather', arguments: '{"city":"Paris"}' } }] },
          finish_reason: 'tool_calls',
        },
      ],
      usage: { prompt_tokens: 110, completion_tokens: 20, total_tokens: 130, prompt_tokens_details: { cached_tokens: 80 } },
    });
    expect(c.id).toMatch(/^chatcmpl-/);
  });

  it.each([
    ['end_turn', 'stop'],
    ['stop_sequence', 'stop'],
    ['tool_use', 'tool_calls'],
    ['max_tokens', 'length'],
    ['model_context_window_exceeded', 'length'],
    ['guardrail_intervened', 'content_filter'],
    ['content_filtered', 'content_filter'],
  ])('maps stopReason %s to %s', (stopReason, finish) => {
    expect(decodeBedrockReply({ output: { message: { content: [{ text: 'x' }] } }, stopReason }, 'm').choices[0]?.finish_reason).toBe(finish);
  });

  it('gives null content to a reply of tool calls only, and throws a 502 for a body that is not a reply', () => {
    expect(decodeBedrockReply({ output: { message: { content: [{ toolUse: { toolUseId: 't', name: 'f', input: {} } }] } }, stopReason: 'tool_use' }, 'm').choices[0]?.message.content).toBeNull();
    expect(() => decodeBedrockReply({ message: 'hi' }, 'm')).toThrow(expect.objectContaining({ status: 502 }) as Error);
  });
});
