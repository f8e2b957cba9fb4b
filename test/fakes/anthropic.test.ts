import { afterEach, describe, expect, it } from 'vitest';
import { startAnthropicFake } from './anthropic.js';
import type { FakeServer } from './recording-server.js';
import { textStep, toolStep } from './script.js';
import { parseSse, postJson } from './test-sse.js';

const SCRIPT = [toolStep('Bash', { command: 'ls' }), textStep((t) => `The tool said: ${t.lastToolResult ?? '-'} and this text is long enough for chunks`)];
let fake: FakeServer;
afterEach(() => fake.close());

const first = { model: 'claude-x', max_tokens: 100, messages: [{ role: 'user', content: 'hi' }] };
const second = {
  ...first,
  messages: [
    { role: 'user', content: 'hi' },
    { role: 'system', content: 'mid-conversation system turn' },
    { role: 'assistant', content: [{ type: 'tool_use', id: 't1', name: 'Bash', input: { command: 'ls' } }] },
    { role: 'user', content: [{ type: 'tool_result', tool_use_id: 't1', content: 'a.txt b.txt' }] },
  ],
};

describe('scripted Anthropic server', () => {
  it('plays the step the request is at, the same step for a repeated request, and logs requests', async () => {
    fake = await startAnthropicFake({ script: SCRIPT });
    const a = JSON.parse((await postJson(`${fake.url}/v1/messages?beta=true`, first)).text) as Record<string, unknown>;
    const again = JSON.parse((await postJson(`${fake.url}/v1/messages`, first)).text) as Record<string, unknown>;
    expect(a).toMatchObject({ type: 'message', role: 'assistant', model: 'claude-x', stop_reason: 'tool_use', content: [{ type: 'tool_use', name: 'Bash', input: { command: 'ls' } }] });
    expect(again).toEqual(a);
    const b = JSON.parse((await postJson(`${fake.url}/v1/messages`, second)).text) as { content: { text: string }[]; stop_reason: string };
    expect(b.stop_reason).toBe('end_turn');
    expect(b.content[0]?.text).toBe('The tool said: a.txt b.txt and this text is long enough for chunks');
    expect(fake.requests.map((r) => r.url)).toEqual(['/v1/messages?beta=true', '/v1/messages', '/v1/messages']);
    expect(fake.requests[0]?.headers['content-type']).toBe('application/json');
  });

  it('streams the full Messages event sequence, text in several deltas, tool input as one JSON delta', async () => {
    fake = await startAnthropicFake({ script: SCRIPT, textChunk: 10 });
    const tool = await postJson(`${fake.url}/v1/messages`, { ...first, stream: true });
    expect(tool.type).toBe('text/event-stream');
    const ev = parseSse(tool.text);
    expect(ev.map((e) => e.event)).toEqual(['message_start', 'ping', 'content_block_start', 'content_block_delta', 'content_block_stop', 'message_delta', 'message_stop']);
    expect(ev.every((e) => e.event === e.data['type'])).toBe(true);
    expect(ev[3]?.data['delta']).toEqual({ type: 'input_json_delta', partial_json: '{"command":"ls"}' });
    expect(ev[5]?.data['delta']).toMatchObject({ stop_reason: 'tool_use' });

    const text = parseSse((await postJson(`${fake.url}/v1/messages`, { ...second, stream: true })).text);
    const deltas = text.filter((e) => e.event === 'content_block_delta').map((e) => (e.data['delta'] as { text: string }).text);
    expect(deltas.length).toBeGreaterThan(3);
    expect(deltas.join('')).toBe('The tool said: a.txt b.txt and this text is long enough for chunks');
  });

  it('answers bad input and unknown paths in Anthropic error format', async () => {
    fake = await startAnthropicFake({ script: SCRIPT, fail: (r) => ((r.body as { model?: string }).model === 'overloaded' ? { status: 529, type: 'overloaded_error', message: 'busy' } : undefined) });
    const bad = await postJson(`${fake.url}/v1/messages`, '{"messages": [');
    expect(bad.status).toBe(400);
    expect(JSON.parse(bad.text)).toMatchObject({ type: 'error', error: { type: 'invalid_request_error' } });
    const lost = await fetch(`${fake.url}/`, { method: 'HEAD' });
    expect(lost.status).toBe(404);
    const busy = await postJson(`${fake.url}/v1/messages`, { ...first, model: 'overloaded' });
    expect(busy.status).toBe(529);
    expect(JSON.parse(busy.text)).toEqual({ type: 'error', error: { type: 'overloaded_error', message: 'busy' } });
  });
});
