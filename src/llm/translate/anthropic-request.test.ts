import { describe, expect, it } from 'vitest';
import { chatRequestOfAnthropic } from './anthropic-request.js';

describe('chatRequestOfAnthropic', () => {
  it('maps system, tool_use, tool_result (before the turn text), images and thinking', () => {
    const req = chatRequestOfAnthropic({
      model: 'gpt-4o',
      max_tokens: 100,
      system: [{ type: 'text', text: 'Be brief.', cache_control: { type: 'ephemeral' } }],
      messages: [
        { role: 'system', content: 'Claude Code puts one here.' },
        { role: 'user', content: [{ type: 'text', text: 'Look:' }, { type: 'image', source: { type: 'base64', media_type: 'image/png', data: 'AAAA' } }] },
        {
          role: 'assistant',
          content: [
            { type: 'thinking', thinking: 'hmm', signature: 's' },
            { type: 'text', text: 'Checking.' },
            { type: 'tool_use', id: 't1', name: 'f', input: { a: 1 } },
          ],
        },
        { role: 'user', content: [{ type: 'text', text: 'and?' }, { type: 'tool_result', tool_use_id: 't1', content: [{ type: 'text', text: 'ok' }] }] },
        { role: 'user', content: [{ type: 'tool_result', tool_use_id: 't2', is_error: true }] },
      ],
      stop_sequences: ['STOP'],
      temperature: 0.2,
      top_k: 5,
      stream: true,
      metadata: { user_id: '{"session":"x"}' },
      tools: [{ name: 'f', description: 'does f', input_schema: { type: 'object' } }, { type: 'web_search_20250305', name: 'web_search' }],
      tool_choice: { type: 'any', disable_parallel_tool_use: true },
      thinking: { type: 'enabled', budget_tokens: 1000 },
    });
    expect(req).toEqual({
      model: 'gpt-4o',
      max_tokens: 100,
      messages: [
        { role: 'system', content: 'Be brief.' },
        { role: 'system', content: 'Claude Code puts one here.' },
        { role: 'user', content: [{ type: 'text', text: 'Look:' }, { type: 'image_url', image_url: { url: 'data:image/png;base64,AAAA' } }] },
        { role: 'assistant', content: 'Checking.', reasoning_content: 'hmm', tool_calls: [{ id: 't1', type: 'function', function: { name: 'f', arguments: '{"a":1}' } }] },
        { role: 'tool', tool_call_id: 't1', content: 'ok' },
        { role: 'user', content: 'and?' },
        { role: 'tool', tool_call_id: 't2', content: 'error' },
      ],
      stop: ['STOP'],
      temperature: 0.2,
      stream: true,
      user: '{"session":"x"}',
      tools: [{ type: 'function', function: { name: 'f', description: 'does f', parameters: { type: 'object' } } }],
      tool_choice: 'required',
      parallel_tool_calls: false,
    });
  });

  it('maps each tool_choice', () => {
    const tools = [{ name: 'f', input_schema: { type: 'object' } }];
    const choice = (c: unknown): unknown => chatRequestOfAnthropic({ model: 'm', messages: [], tools, tool_choice: c })['tool_choice'];
    expect([choice({ type: 'auto' }), choice({ type: 'none' }), choice({ type: 'tool', name: 'f' }), choice(undefined)]).toEqual(['auto', 'none', { type: 'function', function: { name: 'f' } }, undefined]);
  });
});
