import { describe, expect, it } from 'vitest';
import type { ChatChunk } from '../canonical/chat.js';
import { ResponsesEventEncoder } from './events.js';

const chunk = (delta: ChatChunk['choices'][number]['delta'], finish: ChatChunk['choices'][number]['finish_reason'] = null): ChatChunk => ({ id: 'c1', object: 'chat.completion.chunk', created: 5, model: 'm', choices: [{ index: 0, delta, finish_reason: finish }] });

describe('ResponsesEventEncoder', () => {
  it('emits the item lifecycle for text then a function call, numbered, ending in response.completed with usage', () => {
    const e = new ResponsesEventEncoder('m');
    let out = e.push([chunk({ role: 'assistant', content: 'Hi' }), chunk({ content: '!' }), chunk({ tool_calls: [{ index: 0, id: 'call_1', function: { name: 'f', arguments: '{"a"' } }] }), chunk({ tool_calls: [{ index: 0, function: { arguments: ':1}' } }] })]);
    out += e.push([{ ...chunk({}, 'tool_calls'), usage: { prompt_tokens: 3, completion_tokens: 2, total_tokens: 5 } }]);
    out += e.end();
    const events = out
      .split('\n\n')
      .filter((f) => f !== '')
      .map((f) => JSON.parse(String(f.split('\n')[1]).slice(6)) as Record<string, unknown>);
    expect(events.map((x) => x['type'])).toEqual([
      'response.created',
      'response.in_progress',
      'response.output_item.added',
      'response.content_part.added',
      'response.output_text.delta',
      'response.output_text.delta',
      'response.output_text.done',
      'response.content_part.done',
      'response.output_item.done',
      'response.output_item.added',
      'response.function_call_arguments.delta',
      'response.function_call_arguments.delta',
      'response.function_call_arguments.done',
      'response.output_item.done',
      'response.completed',
    ]);
    expect(events.map((x) => x['sequence_number'])).toEqual([...events.keys()]);
    expect(events.at(-1)).toMatchObject({
      response: {
        id: 'resp_c1',
        status: 'completed',
        output: [
          { type: 'message', content: [{ type: 'output_text', text: 'Hi!' }] },
          { type: 'function_call', call_id: 'call_1', name: 'f', arguments: '{"a":1}' },
        ],
        usage: { input_tokens: 3, output_tokens: 2, total_tokens: 5 },
      },
    });
  });

  it('ends a reply cut by the token limit with response.incomplete', () => {
    const e = new ResponsesEventEncoder('m');
    const out = e.push([chunk({ content: 'a' }, 'length')]) + e.end();
    expect(out).toContain('event: response.incomplete\n');
    expect(out).toContain('"incomplete_details":{"reason":"max_output_tokens"}');
  });
});
