import { afterEach, describe, expect, it } from 'vitest';
import { startGeminiFake } from '../../../../test/fakes/gemini.js';
import type { FakeServer } from '../../../../test/fakes/recording-server.js';
import { textStep, toolStep } from '../../../../test/fakes/script.js';
import type { ChatChunk, ChatRequest, ProviderRequest } from '../../canonical/chat.js';
import { geminiCodec } from './codec.js';
import { geminiAuthHeaders } from './request.js';

let fake: FakeServer;
afterEach(() => fake.close());

function send(p: ProviderRequest): Promise<Response> {
  return fetch(`${fake.url}${p.path}`, { method: 'POST', body: p.body, headers: { ...p.headers, ...geminiAuthHeaders('test-key') } });
}

const SCRIPT = [toolStep('read_file', { path: 'notes.txt' }), textStep((t) => `The file says: ${t.lastToolResult ?? '-'}`)];
const FIRST: ChatRequest = { model: 'gemini-x', messages: [{ role: 'system', content: 'You are terse.' }, { role: 'user', content: 'read notes.txt' }], tools: [{ type: 'function', function: { name: 'read_file', parameters: { type: 'object', properties: { path: { type: 'string' } }, required: ['path'] } } }] };

describe('Gemini codec against the scripted Gemini server', () => {
  it('completes a tool round trip: the call comes back canonical, its result goes back as a named functionResponse', async () => {
    fake = await startGeminiFake({ script: SCRIPT });
    const r1 = await send(geminiCodec.encodeRequest(FIRST, { model: 'gemini-x', stream: false }));
    const c1 = geminiCodec.decodeReply(await r1.json(), 'gemini-x');
    const call = c1.choices[0]?.message.tool_calls?.[0];
    expect(call?.function).toEqual({ name: 'read_file', arguments: '{"path":"notes.txt"}' });
    expect(c1.choices[0]?.finish_reason).toBe('tool_calls');
    expect(fake.requests[0]?.headers['x-goog-api-key']).toBe('test-key');

    const second: ChatRequest = { ...FIRST, messages: [...FIRST.messages, { role: 'assistant', content: null, tool_calls: [call!] }, { role: 'tool', tool_call_id: call!.id, content: 'buy milk' }] };
    const r2 = await send(geminiCodec.encodeRequest(second, { model: 'gemini-x', stream: true }));
    expect(r2.headers.get('content-type')).toBe('text/event-stream');
    const d = geminiCodec.streamDecoder('gemini-x');
    const chunks: ChatChunk[] = [];
    for await (const bytes of r2.body!) chunks.push(...d.push(bytes));
    chunks.push(...d.end());
    expect(chunks.map((c) => c.choices[0]?.delta.content ?? '').join('')).toBe('The file says: buy milk');
    expect(chunks.at(-1)?.usage).toEqual({ prompt_tokens: 12, completion_tokens: 7, total_tokens: 19 });
    expect(fake.requests[1]?.url).toBe('/v1beta/models/gemini-x:streamGenerateContent?alt=sse');
  });

  it('streams a whole function call as one tool-call delta that finishes with tool_calls', async () => {
    fake = await startGeminiFake({ script: SCRIPT });
    const r = await send(geminiCodec.encodeRequest(FIRST, { model: 'gemini-x', stream: true }));
    const d = geminiCodec.streamDecoder('gemini-x');
    const chunks: ChatChunk[] = [];
    for await (const bytes of r.body!) chunks.push(...d.push(bytes));
    chunks.push(...d.end());
    const calls = chunks.flatMap((c) => c.choices.flatMap((ch) => ch.delta.tool_calls ?? []));
    expect(calls).toEqual([{ index: 0, id: expect.stringMatching(/^call_/) as string, type: 'function', function: { name: 'read_file', arguments: '{"path":"notes.txt"}' } }]);
    expect(chunks.flatMap((c) => c.choices.map((ch) => ch.finish_reason)).filter((f) => f !== null)).toEqual(['tool_calls']);
  });

  it('decodes the server error in Google format', async () => {
    fake = await startGeminiFake({ script: SCRIPT, fail: () => ({ status: 429, status_text: 'RESOURCE_EXHAUSTED', message: 'slow down' }) });
    const r = await send(geminiCodec.encodeRequest(FIRST, { model: 'gemini-x', stream: false }));
    expect(geminiCodec.decodeError(r.status, await r.text())).toEqual({ status: 429, type: 'rate_limit_error', message: 'slow down' });
  });
});
