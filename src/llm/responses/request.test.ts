import { describe, expect, it } from 'vitest';
import { chatRequestOfResponses } from './request.js';

describe('chatRequestOfResponses', () => {
  it('maps instructions, messages, function calls and outputs, tools and limits to a Chat request', () => {
    const r = chatRequestOfResponses({
      model: 'm',
      instructions: 'Be brief.',
      input: [
        { role: 'developer', content: 'No emojis.' },
        { type: 'message', role: 'user', content: [{ type: 'input_text', text: 'Look:' }, { type: 'input_image', image_url: 'data:image/png;base64,AA', detail: 'low' }] },
        { type: 'reasoning', id: 'rs_1', summary: [] },
        { type: 'function_call', call_id: 'c1', name: 'f', arguments: '{}' },
        { type: 'function_call', call_id: 'c2', name: 'g', arguments: '{"a":1}' },
        { type: 'function_call_output', call_id: 'c1', output: 'one' },
        { type: 'function_call_output', call_id: 'c2', output: [{ type: 'input_text', text: 'two' }] },
        { role: 'assistant', content: [{ type: 'output_text', text: 'Done.' }] },
      ],
      tools: [{ type: 'function', name: 'f', parameters: { type: 'object' } }, { type: 'web_search' }],
      tool_choice: { type: 'function', name: 'f' },
      max_output_tokens: 50,
      temperature: 0.3,
      stream: true,
    });
    expect(r).toEqual({
      ok: true,
      body: {
        model: 'm',
        messages: [
          { role: 'system', content: 'Be brief.' },
          { role: 'developer', content: 'No emojis.' },
          { role: 'user', content: [{ type: 'text', text: 'Look:' }, { type: 'image_url', image_url: { url: 'data:image/png;base64,AA', detail: 'low' } }] },
          { role: 'assistant', content: null, tool_calls: [{ id: 'c1', type: 'function', function: { name: 'f', arguments: '{}' } }, { id: 'c2', type: 'function', function: { name: 'g', arguments: '{"a":1}' } }] },
          { role: 'tool', tool_call_id: 'c1', content: 'one' },
          { role: 'tool', tool_call_id: 'c2', content: 'two' },
          { role: 'assistant', content: 'Done.' },
        ],
        tools: [{ type: 'function', function: { name: 'f', parameters: { type: 'object' } } }],
        tool_choice: { type: 'function', function: { name: 'f' } },
        max_tokens: 50,
        temperature: 0.3,
        stream: true,
        stream_options: { include_usage: true },
      },
    });
  });

  it('refuses what a stateless gateway cannot serve', () => {
    expect(chatRequestOfResponses({ model: 'm', input: 'x', previous_response_id: 'resp_1' })).toMatchObject({ ok: false, message: expect.stringContaining('previous_response_id') });
    expect(chatRequestOfResponses({ model: 'm' })).toMatchObject({ ok: false });
    expect(chatRequestOfResponses({ input: 'x' })).toMatchObject({ ok: false });
  });
});
