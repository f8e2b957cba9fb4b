import { describe, expect, it } from 'vitest';
import { anthropicRequest, DEFAULT_MAX_TOKENS } from './request.js';

describe('anthropicRequest', () => {
  it('moves system messages to system, tool calls to tool_use and tool messages to tool_result in a user turn', () => {
    const body = anthropicRequest(
      {
        model: 'gpt-name',
        messages: [
          { role: 'system', content: 'Be brief.' },
          { role: 'developer', content: [{ type: 'text', text: 'No emojis.' }] },
          { role: 'user', content: 'Weather?' },
          { role: 'assistant', content: 'Checking.', tool_calls: [{ id: 'c1', type: 'function', function: { name: 'get_weather', arguments: '{"city":"Paris"}' } }, { id: 'c2', type: 'function', function: { name: 'get_time', arguments: '' } }], reasoning_content: 'thinking' },
          { role: 'tool', tool_call_id: 'c1', content: 'sunny' },
          { role: 'tool', tool_call_id: 'c2', content: [{ type: 'text', text: 'noon' }] },
          { role: 'user', content: 'Thanks.' },
        ],
      },
      { model: 'claude-x', stream: false },
    );
    expect(body).toEqual({
      model: 'claude-x',
      max_tokens: DEFAULT_MAX_TOKENS,
      system: 'Be brief.\n\nNo emojis.',
      messages: [
        { role: 'user', content: [{ type: 'text', text: 'Weather?' }] },
        {
          role: 'assistant',
          content: [
            { type: 'text', text: 'Checking.' },
            { type: 'tool_use', id: 'c1', name: 'get_weather', input: { city: 'Paris' } },
            { type: 'tool_use', id: 'c2', name: 'get_time', input: {} },
          ],
        },
        {
          role: 'user',
          content: [
            { type: 'tool_result', tool_use_id: 'c1', content: 'sunny' },
            { type: 'tool_result', tool_use_id: 'c2', content: 'noon' },
            { type: 'text', text: 'Thanks.' },
          ],
        },
      ],
    });
  });

  it('maps images, stop, tools, tool_choice, parallel_tool_calls, user, temperature and stream', () => {
    const body = anthropicRequest(
      {
        model: 'm',
        messages: [{ role: 'user', content: [{ type: 'text', text: 'What is this?' }, { type: 'image_url', image_url: { url: 'data:image/png;base64,iVBOR' } }, { type: 'image_url', image_url: { url: 'https://img.example/a.jpg' } }] }],
        stop: 'END',
        max_completion_tokens: 99,
        temperature: 1.5,
        top_p: 0.9,
        tools: [{ type: 'function', function: { name: 'f', description: 'does f', parameters: { type: 'object', properties: { a: { type: 'string' } } } } }, { type: 'function', function: { name: 'g' } }],
        tool_choice: { type: 'function', function: { name: 'f' } },
        parallel_tool_calls: false,
        user: 'u-1',
      },
      { model: 'claude-x', stream: true },
    );
    expect(body).toMatchObject({
      messages: [
        {
          role: 'user',
          content: [
            { type: 'text', text: 'What is this?' },
            { type: 'image', source: { type: 'base64', media_type: 'image/png', data: 'iVBOR' } },
            { type: 'image', source: { type: 'url', url: 'https://img.example/a.jpg' } },
          ],
        },
      ],
      stop_sequences: ['END'],
      max_tokens: 99,
      temperature: 1,
      top_p: 0.9,
      tools: [
        { name: 'f', description: 'does f', input_schema: { type: 'object', properties: { a: { type: 'string' } } } },
        { name: 'g', input_schema: { type: 'object', properties: {} } },
      ],
      tool_choice: { type: 'tool', name: 'f', disable_parallel_tool_use: true },
      metadata: { user_id: 'u-1' },
      stream: true,
    });
    for (const [choice, want] of [
      ['auto', { type: 'auto' }],
      ['required', { type: 'any' }],
      ['none', { type: 'none' }],
    ] as const) {
      expect(anthropicRequest({ model: 'm', messages: [], tool_choice: choice }, { model: 'm', stream: false })['tool_choice']).toEqual(want);
    }
  });

  it('keeps malformed tool-call arguments from history as text instead of failing', () => {
    const body = anthropicRequest({ model: 'm', messages: [{ role: 'assistant', content: null, tool_calls: [{ id: 'c', type: 'function', function: { name: 'f', arguments: '{"a":' } }] }] }, { model: 'm', stream: false });
    expect(body['messages']).toEqual([{ role: 'assistant', content: [{ type: 'tool_use', id: 'c', name: 'f', input: { raw: '{"a":' } }] }]);
  });
});
