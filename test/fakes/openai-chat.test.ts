import { afterEach, describe, expect, it } from 'vitest';
import { startChatFake } from './openai-chat.js';
import type { FakeServer } from './recording-server.js';
import { textStep, toolStep } from './script.js';
import { postJson } from './test-sse.js';

const SCRIPT = [toolStep('read_file', { path: 'README.md' }), textStep((t) => `The file says: ${t.lastToolResult ?? '-'}`)];
let fake: FakeServer;
afterEach(() => fake.close());

const first = { model: 'gpt-x', messages: [{ role: 'user', content: 'hi' }] };
const second = {
  model: 'gpt-x',
  messages: [...first.messages, { role: 'assistant', content: null, tool_calls: [{ id: 'c1', type: 'function', function: { name: 'read_file', arguments: '{}' } }] }, { role: 'tool', tool_call_id: 'c1', content: 'hello' }],
};
const chunks = (text: string) =>
  text
    .split('\n\n')
    .filter((b) => b.startsWith('data: '))
    .map((b) => b.slice(6));

describe('scripted Chat Completions server', () => {
  it('answers the turn the request is at, non-streaming', async () => {
    fake = await startChatFake({ script: SCRIPT });
    const a = JSON.parse((await postJson(`${fake.url}/v1/chat/completions`, first)).text) as { choices: { message: unknown; finish_reason: string }[] };
    expect(a.choices[0]).toMatchObject({ finish_reason: 'tool_calls', message: { tool_calls: [{ type: 'function', function: { name: 'read_file', arguments: '{"path":"README.md"}' } }] } });
    const b = JSON.parse((await postJson(`${fake.url}/v1/chat/completions`, second)).text) as { choices: { message: { content: string } }[] };
    expect(b.choices[0]?.message.content).toBe('The file says: hello');
  });

  it('streams tool-call arguments across several chunks, then the finish chunk and [DONE]', async () => {
    fake = await startChatFake({ script: SCRIPT, argsChunk: 5 });
    const res = await postJson(`${fake.url}/v1/chat/completions`, { ...first, stream: true });
    expect(res.type).toBe('text/event-stream');
    const data = chunks(res.text);
    expect(data.at(-1)).toBe('[DONE]');
    const parsed = data.slice(0, -1).map((d) => JSON.parse(d) as { choices: { delta: { tool_calls?: { function: { arguments?: string } }[] }; finish_reason: string | null }[] });
    const args = parsed.flatMap((c) => c.choices[0]?.delta.tool_calls ?? []).map((t) => t.function.arguments ?? '');
    expect(args.length).toBeGreaterThan(3);
    expect(args.join('')).toBe('{"path":"README.md"}');
    expect(parsed.at(-1)?.choices[0]?.finish_reason).toBe('tool_calls');
  });

  it('answers bad input and scripted failures in OpenAI error format', async () => {
    fake = await startChatFake({ script: SCRIPT, fail: () => ({ status: 429, type: 'rate_limit_error', message: 'slow down' }) });
    expect((await postJson(`${fake.url}/v1/chat/completions`, '{')).status).toBe(400);
    const r = await postJson(`${fake.url}/v1/chat/completions`, first);
    expect(r.status).toBe(429);
    expect(JSON.parse(r.text)).toEqual({ error: { message: 'slow down', type: 'rate_limit_error', param: null, code: null } });
  });
});
