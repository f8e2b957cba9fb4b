import { afterEach, describe, expect, it } from 'vitest';
import { startResponsesFake } from './openai-responses.js';
import type { FakeServer } from './recording-server.js';
import { textStep, toolStep } from './script.js';
import { parseSse, postJson } from './test-sse.js';

const SCRIPT = [toolStep('exec_command', { cmd: 'cat notes.txt' }), textStep((t) => `Done. The tool said: ${t.lastToolResult ?? '-'}`)];
let fake: FakeServer;
afterEach(() => fake.close());

const first = { model: 'gpt-x', input: [{ type: 'message', role: 'user', content: [{ type: 'input_text', text: 'hi' }] }] };
const second = {
  ...first,
  input: [
    ...first.input,
    { type: 'function_call', name: 'exec_command', arguments: '{"cmd":"cat notes.txt"}', call_id: 'call_1' },
    { type: 'function_call_output', call_id: 'call_1', output: 'secret' },
  ],
};

describe('scripted OpenAI Responses server', () => {
  it('answers a tool call, then the final text, from the function calls in the input', async () => {
    fake = await startResponsesFake({ script: SCRIPT });
    const a = JSON.parse((await postJson(`${fake.url}/v1/responses`, first)).text) as Record<string, unknown>;
    expect(a).toMatchObject({ object: 'response', status: 'completed', model: 'gpt-x', output: [{ type: 'function_call', name: 'exec_command', arguments: '{"cmd":"cat notes.txt"}' }] });
    const b = JSON.parse((await postJson(`${fake.url}/v1/responses`, second)).text) as { output: { content: { text: string }[] }[] };
    expect(b.output[0]?.content[0]?.text).toBe('Done. The tool said: secret');
  });

  it('streams typed events with sequence numbers and ends with response.completed', async () => {
    fake = await startResponsesFake({ script: SCRIPT, textChunk: 5 });
    const tool = parseSse((await postJson(`${fake.url}/v1/responses`, { ...first, stream: true })).text);
    expect(tool.map((e) => e.event)).toEqual([
      'response.created',
      'response.in_progress',
      'response.output_item.added',
      'response.function_call_arguments.delta',
      'response.function_call_arguments.done',
      'response.output_item.done',
      'response.completed',
    ]);
    expect(tool.map((e) => e.data['sequence_number'])).toEqual([0, 1, 2, 3, 4, 5, 6]);
    const text = parseSse((await postJson(`${fake.url}/v1/responses`, { ...second, stream: true })).text);
    const deltas = text.filter((e) => e.event === 'response.output_text.delta').map((e) => e.data['delta']);
    expect(deltas.join('')).toBe('Done. The tool said: secret');
    expect(text.at(-1)?.data['response']).toMatchObject({ status: 'completed', output: [{ type: 'message' }] });

    await fake.close();
    fake = await startResponsesFake({ script: SCRIPT, omitCompleted: true });
    const cut = parseSse((await postJson(`${fake.url}/v1/responses`, { ...first, stream: true })).text);
    expect(cut.map((e) => e.event)).not.toContain('response.completed');
  });

  it('answers errors in the OpenAI error format', async () => {
    fake = await startResponsesFake({ script: SCRIPT });
    const bad = await postJson(`${fake.url}/v1/responses`, 'nope');
    expect(bad.status).toBe(400);
    expect(JSON.parse(bad.text)).toMatchObject({ error: { type: 'invalid_request_error' } });
    expect((await postJson(`${fake.url}/v1/chat/completions`, first)).status).toBe(404);
  });
});
