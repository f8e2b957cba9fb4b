import { describe, expect, it } from 'vitest';
import type { ChatRequest } from '../../canonical/chat.js';
import { encodeBedrockRequest } from './request.js';

function body(req: ChatRequest): Record<string, unknown> {
  return JSON.parse(encodeBedrockRequest(req, { model: req.model, stream: false }).body) as Record<string, unknown>;
}
const WEATHER = { type: 'function' as const, function: { name: 'weather', description: 'Weather of a city', parameters: { type: 'object', properties: { city: { type: 'string' } }, required: ['city'] } } };

describe('encodeBedrockRequest', () => {
  it('names converse or converse-stream with the model id path-encoded', () => {
    const req: ChatRequest = { model: 'm', messages: [{ role: 'user', content: 'hi' }] };
    expect(encodeBedrockRequest(req, { model: 'anthropic.claude-3-5-sonnet-20240620-v1:0', stream: false })).toMatchObject({
      path: '/model/anthropic.claude-3-5-sonnet-20240620-v1%3A0/converse',
      headers: { 'content-type': 'application/json', accept: 'application/json' },
    });
    expect(encodeBedrockRequest(req, { model: 'arn:aws:bedrock:us-east-1:123:inference-profile/us.amazon.nova-pro-v1:0', stream: true })).toMatchObject({
      path: '/model/arn%3Aaws%3Abedrock%3Aus-east-1%3A123%3Ainference-profile%2Fus.amazon.nova-pro-v1%3A0/converse-stream',
      headers: { accept: 'application/vnd.amazon.eventstream' },
    });
  });

  it('maps system text, alternating messages, tool calls, tool results and inference settings', () => {
    const b = body({
      model: 'm',
      messages: [
        { role: 'system', content: 'Be brief.' },
        { role: 'user', content: 'weather in Paris and Rome?' },
        {
          role: 'assistant',
          content: 'Checking.',
          tool_calls: [
            { id: 'call_1', type: 'function', function: { name: 'weather', arguments: '{"city":"Paris"}' } },
            { id: 'call_2', type: 'function', function: { name: 'weather', arguments: '{"city":"Rome"}' } },
          ],
        },
        { role: 'tool', tool_call_id: 'call_1', content: 'sunny' },
        { role: 'tool', tool_call_id: 'call_2', content: '' },
        { role: 'user', content: [{ type: 'text', text: 'and now?' }] },
      ],
      tools: [WEATHER],
      tool_choice: 'auto',
      max_tokens: 300,
      temperature: 0.5,
      top_p: 0.8,
      stop: ['END'],
    });
    expect(b).toEqual({
      system: [{ text: 'Be brief.' }],
      messages: [
        { role: 'user', content: [{ text: 'weather in Paris and Rome?' }] },
        {
          role: 'assistant',
          content: [{ text: 'Checking.' }, { toolUse: { toolUseId: 'call_1', name: 'weather', input: { city: 'Paris' } } }, { toolUse: { toolUseId: 'call_2', name: 'weather', input: { city: 'Rome' } } }],
        },
        // Tool results and the next user text form one user turn: Converse wants turns to alternate.
        {
          role: 'user',
          content: [{ toolResult: { toolUseId: 'call_1', content: [{ text: 'sunny' }] } }, { toolResult: { toolUseId: 'call_2', content: [{ text: '(no output)' }] } }, { text: 'and now?' }],
        },
      ],
      inferenceConfig: { maxTokens: 300, temperature: 0.5, topP: 0.8, stopSequences: ['END'] },
      toolConfig: { tools: [{ toolSpec: { name: 'weather', description: 'Weather of a city', inputSchema: { json: WEATHER.function.parameters } } }], toolChoice: { auto: {} } },
    });
  });

  it('maps tool_choice, leaving tools out for "none" unless the conversation already holds tool blocks', () => {
    const base: ChatRequest = { model: 'm', messages: [{ role: 'user', content: 'x' }], tools: [WEATHER] };
    expect(body({ ...base, tool_choice: 'required' })['toolConfig']).toMatchObject({ toolChoice: { any: {} } });
    expect(body({ ...base, tool_choice: { type: 'function', function: { name: 'weather' } } })['toolConfig']).toMatchObject({ toolChoice: { tool: { name: 'weather' } } });
    expect(body({ ...base, tool_choice: 'none' })['toolConfig']).toBeUndefined();
    const withHistory: ChatRequest = {
      ...base,
      tool_choice: 'none',
      messages: [...base.messages, { role: 'assistant', tool_calls: [{ id: 'c', type: 'function', function: { name: 'weather', arguments: '{}' } }] }, { role: 'tool', tool_call_id: 'c', content: 'r' }],
    };
    expect(body(withHistory)['toolConfig']).toEqual({ tools: [expect.objectContaining({ toolSpec: expect.objectContaining({ name: 'weather' }) as unknown })] });
    expect(body({ model: 'm', messages: [] })).toEqual({ messages: [] });
  });

  it('rewrites tool ids Bedrock would refuse, the same way for the call and its result', () => {
    const id = 'call_x__thought__c2ln+/=';
    const b = body({ model: 'm', messages: [{ role: 'user', content: 'x' }, { role: 'assistant', tool_calls: [{ id, type: 'function', function: { name: 'f', arguments: '{}' } }] }, { role: 'tool', tool_call_id: id, content: 'r' }] });
    const [, a, u] = b['messages'] as { content: { toolUse?: { toolUseId: string }; toolResult?: { toolUseId: string } }[] }[];
    const useId = a?.content[0]?.toolUse?.toolUseId;
    expect(useId).toMatch(/^tooluse_[A-Za-z0-9_-]{32}$/);
    expect(u?.content[0]?.toolResult?.toolUseId).toBe(useId);
  });

  it('sends data: URL images as base64 blocks and refuses other images with a 400', () => {
    const b = body({ model: 'm', messages: [{ role: 'user', content: [{ type: 'image_url', image_url: { url: 'data:image/jpeg;base64,/9j/4AAQ' } }, { type: 'text', text: 'what?' }] }] });
    expect((b['messages'] as { content: unknown[] }[])[0]?.content).toEqual([{ image: { format: 'jpeg', source: { bytes: '/9j/4AAQ' } } }, { text: 'what?' }]);
    const remote: ChatRequest = { model: 'm', messages: [{ role: 'user', content: [{ type: 'image_url', image_url: { url: 'https://example.com/a.png' } }] }] };
    expect(() => body(remote)).toThrow(expect.objectContaining({ status: 400, type: 'invalid_request_error' }) as Error);
    expect(() => body({ model: 'm', messages: [{ role: 'user', content: [{ type: 'image_url', image_url: { url: 'data:image/bmp;base64,Qk0=' } }] }] })).toThrow(/PNG, JPEG, GIF or WebP/);
  });
});
