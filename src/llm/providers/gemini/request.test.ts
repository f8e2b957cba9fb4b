import { describe, expect, it } from 'vitest';
import type { ChatRequest } from '../../canonical/chat.js';
import { isChatFailure } from '../chat-error.js';
import { encodeGeminiRequest, geminiAuthHeaders } from './request.js';

function body(req: ChatRequest, stream = false): Record<string, unknown> {
  return JSON.parse(encodeGeminiRequest(req, { model: req.model, stream }).body) as Record<string, unknown>;
}

describe('encodeGeminiRequest', () => {
  it('names generateContent, or streamGenerateContent with alt=sse, under the API version', () => {
    const req: ChatRequest = { model: 'gemini-2.5-pro', messages: [{ role: 'user', content: 'hi' }] };
    expect(encodeGeminiRequest(req, { model: 'gemini-2.5-pro', stream: false }).path).toBe('/v1beta/models/gemini-2.5-pro:generateContent');
    expect(encodeGeminiRequest(req, { model: 'models/gemini-2.5-pro', stream: true }).path).toBe('/v1beta/models/gemini-2.5-pro:streamGenerateContent?alt=sse');
    expect(encodeGeminiRequest(req, { model: 'gemini-2.0-flash', stream: false, apiVersion: 'v1' }).path).toBe('/v1/models/gemini-2.0-flash:generateContent');
    expect(encodeGeminiRequest(req, { model: 'x', stream: false }).headers).toEqual({ 'content-type': 'application/json' });
    expect(geminiAuthHeaders('k')).toEqual({ 'x-goog-api-key': 'k' });
  });

  it('moves system and developer text to systemInstruction, and maps roles to user and model', () => {
    const b = body({
      model: 'g',
      messages: [
        { role: 'system', content: 'Be brief.' },
        { role: 'user', content: 'hi' },
        { role: 'assistant', content: 'hello' },
        { role: 'developer', content: [{ type: 'text', text: 'No emojis.' }] },
        { role: 'user', content: [{ type: 'text', text: 'again' }] },
      ],
    });
    expect(b['systemInstruction']).toEqual({ parts: [{ text: 'Be brief.' }, { text: 'No emojis.' }] });
    expect(b['contents']).toEqual([
      { role: 'user', parts: [{ text: 'hi' }] },
      { role: 'model', parts: [{ text: 'hello' }] },
      { role: 'user', parts: [{ text: 'again' }] },
    ]);
  });

  it('sends tool calls as functionCall parts and tool results as functionResponse parts named after their call', () => {
    const b = body({
      model: 'g',
      messages: [
        { role: 'user', content: 'weather in Paris and Rome?' },
        {
          role: 'assistant',
          content: null,
          tool_calls: [
            { id: 'call_1', type: 'function', function: { name: 'weather', arguments: '{"city":"Paris"}' } },
            { id: 'toolu_2', type: 'function', function: { name: 'weather', arguments: '{"city":"Rome"}' } },
          ],
        },
        { role: 'tool', tool_call_id: 'call_1', content: 'sunny' },
        { role: 'tool', tool_call_id: 'toolu_2', content: [{ type: 'text', text: 'rain' }] },
        { role: 'user', content: 'thanks' },
      ],
    });
    expect(b['contents']).toEqual([
      { role: 'user', parts: [{ text: 'weather in Paris and Rome?' }] },
      { role: 'model', parts: [{ functionCall: { name: 'weather', args: { city: 'Paris' } } }, { functionCall: { name: 'weather', args: { city: 'Rome' } } }] },
      // Both responses in one content, answering the two calls of the model turn before it.
      { role: 'user', parts: [{ functionResponse: { name: 'weather', response: { output: 'sunny' } } }, { functionResponse: { name: 'weather', response: { output: 'rain' } } }] },
      { role: 'user', parts: [{ text: 'thanks' }] },
    ]);
  });

  it('gives a function call back its thought signature from the id it rode in', () => {
    const b = body({
      model: 'g',
      messages: [
        { role: 'user', content: 'go' },
        { role: 'assistant', tool_calls: [{ id: 'call_abc__thought__c2lnbmF0dXJl', type: 'function', function: { name: 'run', arguments: '' } }] },
        { role: 'tool', tool_call_id: 'call_abc__thought__c2lnbmF0dXJl', content: 'ok' },
      ],
    });
    expect((b['contents'] as unknown[])[1]).toEqual({ role: 'model', parts: [{ functionCall: { name: 'run', args: {} }, thoughtSignature: 'c2lnbmF0dXJl' }] });
  });

  it('keeps arguments that are not a JSON object under one key rather than losing them', () => {
    const b = body({ model: 'g', messages: [{ role: 'user', content: 'x' }, { role: 'assistant', tool_calls: [{ id: 'a', type: 'function', function: { name: 'f', arguments: 'not json' } }] }] });
    expect((b['contents'] as { parts: unknown[] }[])[1]?.parts).toEqual([{ functionCall: { name: 'f', args: { arguments: 'not json' } } }]);
  });

  it('refuses a tool result that answers no earlier call, with a 400 ChatFailure', () => {
    let err: unknown;
    try {
      encodeGeminiRequest({ model: 'g', messages: [{ role: 'user', content: 'x' }, { role: 'tool', tool_call_id: 'nope', content: 'r' }] }, { model: 'g', stream: false });
    } catch (e) {
      err = e;
    }
    expect(isChatFailure(err)).toBe(true);
    expect(err).toMatchObject({ status: 400, type: 'invalid_request_error' });
    expect((err as Error).message).toContain('nope');
  });

  it('sends data: URL images inline and other URLs as fileData', () => {
    const b = body({
      model: 'g',
      messages: [
        {
          role: 'user',
          content: [
            { type: 'text', text: 'what is this?' },
            { type: 'image_url', image_url: { url: 'data:image/PNG;base64,iVBORw0KGgo=' } },
            { type: 'image_url', image_url: { url: 'https://example.com/cat.webp?size=2' } },
          ],
        },
      ],
    });
    expect((b['contents'] as { parts: unknown[] }[])[0]?.parts).toEqual([
      { text: 'what is this?' },
      { inlineData: { mimeType: 'image/png', data: 'iVBORw0KGgo=' } },
      { fileData: { mimeType: 'image/webp', fileUri: 'https://example.com/cat.webp?size=2' } },
    ]);
  });

  it('declares tools with Gemini-safe schemas and maps tool_choice to functionCallingConfig', () => {
    const tools = [
      {
        type: 'function' as const,
        function: {
          name: 'search',
          description: 'Search the web',
          parameters: { $schema: 'http://json-schema.org/draft-07/schema#', type: 'object', additionalProperties: false, properties: { q: { type: 'string' } }, required: ['q', 'ghost'] },
        },
      },
      { type: 'function' as const, function: { name: 'now', parameters: { type: 'object', properties: {} } } },
    ];
    const b = body({ model: 'g', messages: [{ role: 'user', content: 'x' }], tools, tool_choice: 'required' });
    expect(b['tools']).toEqual([
      {
        functionDeclarations: [
          { name: 'search', description: 'Search the web', parameters: { type: 'object', properties: { q: { type: 'string' } }, required: ['q'] } },
          { name: 'now' },
        ],
      },
    ]);
    expect(b['toolConfig']).toEqual({ functionCallingConfig: { mode: 'ANY' } });
    expect(body({ model: 'g', messages: [], tools, tool_choice: 'none' })['toolConfig']).toEqual({ functionCallingConfig: { mode: 'NONE' } });
    expect(body({ model: 'g', messages: [], tools, tool_choice: 'auto' })['toolConfig']).toEqual({ functionCallingConfig: { mode: 'AUTO' } });
    expect(body({ model: 'g', messages: [], tools, tool_choice: { type: 'function', function: { name: 'now' } } })['toolConfig']).toEqual({ functionCallingConfig: { mode: 'ANY', allowedFunctionNames: ['now'] } });
    expect(body({ model: 'g', messages: [], tool_choice: 'auto' })['toolConfig']).toBeUndefined();
  });

  it('maps sampling, limits, stop, JSON mode and reasoning effort to generationConfig', () => {
    const b = body({
      model: 'g',
      messages: [{ role: 'user', content: 'x' }],
      max_tokens: 50,
      max_completion_tokens: 100,
      temperature: 0.2,
      top_p: 0.9,
      stop: 'END',
      seed: 7,
      n: 2,
      response_format: { type: 'json_schema', json_schema: { name: 'r', schema: { type: 'object', properties: { a: { type: ['integer', 'null'] } }, additionalProperties: false } } },
      reasoning_effort: 'low',
    });
    expect(b['generationConfig']).toEqual({
      maxOutputTokens: 100,
      temperature: 0.2,
      topP: 0.9,
      stopSequences: ['END'],
      candidateCount: 2,
      seed: 7,
      responseMimeType: 'application/json',
      responseSchema: { type: 'object', properties: { a: { type: 'integer', nullable: true } } },
      thinkingConfig: { thinkingBudget: 1024, includeThoughts: true },
    });
    expect(body({ model: 'g', messages: [], stop: ['a', 'b'], response_format: { type: 'json_object' } })['generationConfig']).toEqual({ stopSequences: ['a', 'b'], responseMimeType: 'application/json' });
    expect(body({ model: 'g', messages: [] })['generationConfig']).toBeUndefined();
  });
});
