import { describe, expect, it } from 'vitest';
import { decodeGeminiReply } from './reply.js';
import { splitToolCallId } from './tool-call-id.js';

describe('decodeGeminiReply', () => {
  it('turns a text candidate into a choice, with usage that counts thinking as completion', () => {
    const c = decodeGeminiReply(
      {
        candidates: [{ content: { role: 'model', parts: [{ text: 'Let me think.', thought: true }, { text: 'Hello' }, { text: ' world' }] }, finishReason: 'STOP', index: 0 }],
        usageMetadata: { promptTokenCount: 100, candidatesTokenCount: 20, thoughtsTokenCount: 30, cachedContentTokenCount: 60, totalTokenCount: 150 },
        modelVersion: 'gemini-2.5-pro',
        responseId: 'resp-1',
      },
      'gemini-2.5-pro',
    );
    expect(c).toMatchObject({
      id: 'chatcmpl-resp-1',
      object: 'chat.completion',
      model: 'gemini-2.5-pro',
      choices: [{ index: 0, message: { role: 'assistant', content: 'Hello world', reasoning_content: 'Let me think.' }, finish_reason: 'stop' }],
      usage: { prompt_tokens: 100, completion_tokens: 50, total_tokens: 150, prompt_tokens_details: { cached_tokens: 60 }, completion_tokens_details: { reasoning_tokens: 30 } },
    });
    expect(c.created).toBeGreaterThan(1_700_000_000);
  });

  it('turns functionCall parts into tool_calls with stable ids and finish_reason tool_calls', () => {
    const body = {
      candidates: [
        {
          content: { role: 'model', parts: [{ functionCall: { name: 'weather', args: { city: 'Paris' } }, thoughtSignature: 'U0lH' }, { functionCall: { name: 'time', args: {} } }] },
          finishReason: 'STOP',
        },
      ],
      responseId: 'r9',
    };
    const a = decodeGeminiReply(body, 'g');
    const b = decodeGeminiReply(body, 'g');
    const calls = a.choices[0]?.message.tool_calls ?? [];
    expect(a.choices[0]?.message.content).toBeNull();
    expect(a.choices[0]?.finish_reason).toBe('tool_calls');
    expect(calls.map((c) => c.function)).toEqual([
      { name: 'weather', arguments: '{"city":"Paris"}' },
      { name: 'time', arguments: '{}' },
    ]);
    expect(calls.map((c) => c.id)).toEqual(b.choices[0]?.message.tool_calls?.map((c) => c.id));
    expect(new Set(calls.map((c) => c.id)).size).toBe(2);
    expect(splitToolCallId(calls[0]?.id ?? '')).toMatchObject({ signature: 'U0lH' });
    expect(calls[1]?.id).toMatch(/^call_[A-Za-z0-9_-]{24}$/);
  });

  it('uses the id Gemini gave a call when it gave one', () => {
    const c = decodeGeminiReply({ candidates: [{ content: { parts: [{ functionCall: { id: 'fc-7', name: 'f', args: { a: 1 } } }] }, finishReason: 'STOP' }] }, 'g');
    expect(c.choices[0]?.message.tool_calls?.[0]?.id).toBe('fc-7');
  });

  it('maps finish reasons: MAX_TOKENS to length, safety stops to content_filter', () => {
    const f = (finishReason: string): unknown => decodeGeminiReply({ candidates: [{ content: { parts: [{ text: 'x' }] }, finishReason }] }, 'g').choices[0]?.finish_reason;
    expect(f('MAX_TOKENS')).toBe('length');
    expect(f('SAFETY')).toBe('content_filter');
    expect(f('RECITATION')).toBe('content_filter');
    expect(f('PROHIBITED_CONTENT')).toBe('content_filter');
    expect(f('OTHER')).toBe('stop');
  });

  it('answers a blocked prompt with one empty content_filter choice, and keeps several candidates apart', () => {
    expect(decodeGeminiReply({ promptFeedback: { blockReason: 'SAFETY' }, usageMetadata: { promptTokenCount: 5, totalTokenCount: 5 } }, 'g')).toMatchObject({
      choices: [{ index: 0, message: { content: null }, finish_reason: 'content_filter' }],
      usage: { prompt_tokens: 5, completion_tokens: 0, total_tokens: 5 },
    });
    const two = decodeGeminiReply({ candidates: [{ index: 0, content: { parts: [{ text: 'a' }] }, finishReason: 'STOP' }, { index: 1, content: { parts: [{ text: 'b' }] }, finishReason: 'MAX_TOKENS' }] }, 'g');
    expect(two.choices.map((c) => [c.index, c.message.content, c.finish_reason])).toEqual([
      [0, 'a', 'stop'],
      [1, 'b', 'length'],
    ]);
  });

  it('throws a 502 ChatFailure for a body that is not a response', () => {
    expect(() => decodeGeminiReply('oops', 'g')).toThrow(expect.objectContaining({ status: 502 }) as Error);
    expect(() => decodeGeminiReply([{}], 'g')).toThrow(/not a GenerateContentResponse/);
  });
});
