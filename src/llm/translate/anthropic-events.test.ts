import { describe, expect, it } from 'vitest';
import type { ChatChunk } from '../canonical/chat.js';
import { AnthropicEventEncoder } from './anthropic-events.js';

type Delta = ChatChunk['choices'][number]['delta'];
const chunk = (delta: Delta, finish: ChatChunk['choices'][number]['finish_reason'] = null, usage?: ChatChunk['usage']): ChatChunk => ({
  id: 'chatcmpl-1',
  object: 'chat.completion.chunk',
  created: 1,
  model: 'gpt-x',
  choices: [{ index: 0, delta, finish_reason: finish }],
  ...(usage === undefined ? {} : { usage }),
});

function events(text: string): [string, Record<string, unknown>][] {
  return text
    .split('\n\n')
    .filter((f) => f !== '')
    .map((f) => {
      const [e, d] = f.split('\n');
      return [String(e).slice(7), JSON.parse(String(d).slice(6)) as Record<string, unknown>];
    });
}

describe('AnthropicEventEncoder', () => {
  it('emits message_start, one block per kind with its deltas, then message_delta with stop reason and usage', () => {
    const e = new AnthropicEventEncoder('gpt-x');
    let out = e.push([chunk({ role: 'assistant', content: '' }), chunk({ reasoning_content: 'hm' }), chunk({ content: 'Hi' }), chunk({ content: '!' })]);
    out += e.push([chunk({ tool_calls: [{ index: 0, id: 'c1', type: 'function', function: { name: 'f', arguments: '' } }] }), chunk({ tool_calls: [{ index: 0, function: { arguments: '{"a"' } }] })]);
    out += e.push([chunk({ tool_calls: [{ index: 0, function: { arguments: ':1}' } }] }), chunk({ tool_calls: [{ index: 1, id: 'c2', function: { name: 'g', arguments: '{}' } }] })]);
    out += e.push([chunk({}, 'tool_calls'), { ...chunk({}), choices: [], usage: { prompt_tokens: 12, completion_tokens: 7, total_tokens: 19, prompt_tokens_details: { cached_tokens: 2 } } }]);
    out += e.end();
    const ev = events(out);
    expect(ev.map(([name, d]) => [name, d['index'] ?? null])).toEqual([
      ['message_start', null],
      ['content_block_start', 0],
      ['content_block_delta', 0],
      ['content_block_stop', 0],
      ['content_block_start', 1],
      ['content_block_delta', 1],
      ['content_block_delta', 1],
      ['content_block_stop', 1],
      ['content_block_start', 2],
      ['content_block_delta', 2],
      ['content_block_delta', 2],
      ['content_block_stop', 2],
      ['content_block_start', 3],
      ['content_block_delta', 3],
      ['content_block_stop', 3],
      ['message_delta', null],
      ['message_stop', null],
    ]);
    expect(ev[0]?.[1]).toMatchObject({ type: 'message_start', message: { id: 'chatcmpl-1', role: 'assistant', model: 'gpt-x', content: [] } });
    expect(ev[1]?.[1]).toMatchObject({ content_block: { type: 'thinking', thinking: '' } });
    expect(ev[2]?.[1]).toMatchObject({ delta: { type: 'thinking_delta', thinking: 'hm' } });
    expect(ev[6]?.[1]).toMatchObject({ delta: { type: 'text_delta', text: '!' } });
    expect(ev[8]?.[1]).toMatchObject({ content_block: { type: 'tool_use', id: 'c1', name: 'f', input: {} } });
    expect(ev.filter(([, d]) => d['index'] === 2 && (d['delta'] as { type?: string } | undefined)?.type === 'input_json_delta').map(([, d]) => (d['delta'] as { partial_json: string }).partial_json)).toEqual(['{"a"', ':1}']);
    expect(ev[12]?.[1]).toMatchObject({ content_block: { type: 'tool_use', id: 'c2', name: 'g' } });
    expect(ev[15]?.[1]).toEqual({ type: 'message_delta', delta: { stop_reason: 'tool_use', stop_sequence: null }, usage: { input_tokens: 10, cache_creation_input_tokens: 0, cache_read_input_tokens: 2, output_tokens: 7 } });
  });

  it('still ends a stream that carried nothing with a well-formed, empty message', () => {
    expect(events(new AnthropicEventEncoder('m').end()).map(([n]) => n)).toEqual(['message_start', 'message_delta', 'message_stop']);
  });
});
