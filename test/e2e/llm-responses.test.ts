import OpenAI from 'openai';
import type { ResponseInputItem } from 'openai/resources/responses/responses';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startAnthropicFake } from '../fakes/anthropic.js';
import { startChatFake } from '../fakes/openai-chat.js';
import type { FakeServer } from '../fakes/recording-server.js';
import { textStep, toolStep } from '../fakes/script.js';
import { ATTACK_PROMPT, ATTACK_SCRIPT, INJECTED_EMAIL, startLlmHarness, type LlmHarness } from './llm-harness.js';

// `/v1/responses` inbound (issue 5 §1, stretch): the `openai` SDK's `client.responses` against a gateway that
// serves it through Chat Completions, to an Anthropic provider (translated) or an OpenAI one.

let anthropic: FakeServer;
let openai: FakeServer;
let attack: FakeServer;
let gw: LlmHarness;
let gwAttack: LlmHarness;

beforeAll(async () => {
  anthropic = await startAnthropicFake({ script: [toolStep('get_weather', { city: 'Paris' }), textStep('Sunny in Paris.')], textChunk: 4, inputChunk: 4 });
  openai = await startChatFake({ script: [textStep('Hello from chat.')], fail: (r) => ((r.body as { model?: unknown }).model === 'gpt-limited' ? { status: 429, type: 'rate_limit_error', message: 'slow down' } : undefined) });
  attack = await startAnthropicFake({ script: ATTACK_SCRIPT, textChunk: 5, inputChunk: 6 });
  gw = await startLlmHarness({ anthropic, openai });
  gwAttack = await startLlmHarness({ anthropic: attack });
});
afterAll(async () => {
  await gw.close();
  await gwAttack.close();
  await anthropic.close();
  await openai.close();
  await attack.close();
});

const TOOLS: OpenAI.Responses.FunctionTool[] = [{ type: 'function', name: 'get_weather', description: 'Weather for a city.', parameters: { type: 'object', properties: { city: { type: 'string' } } }, strict: false }];

function client(h: LlmHarness, session: string): OpenAI {
  return new OpenAI({ baseURL: `${h.base}/v1`, apiKey: 'sk-caller', maxRetries: 0, defaultHeaders: { 'x-rampart-session': session } });
}

describe.each([false, true])('the Responses API through the gateway (stream: %s)', (stream) => {
  it('runs a function call round trip against an Anthropic provider, with usage recorded', async () => {
    const session = `resp-${String(stream)}`;
    const c = client(gw, session);
    const send = async (input: ResponseInputItem[]): Promise<OpenAI.Responses.Response> =>
      stream ? c.responses.stream({ model: 'claude-haiku-4-5', instructions: 'Be brief.', tools: TOOLS, input }).finalResponse() : c.responses.create({ model: 'claude-haiku-4-5', instructions: 'Be brief.', tools: TOOLS, input });
    const input: ResponseInputItem[] = [{ role: 'user', content: 'Weather in Paris?' }];
    const first = await send(input);
    const call = first.output.find((o) => o.type === 'function_call');
    expect(call).toMatchObject({ type: 'function_call', call_id: 'toolu_scripted0000000000000000', name: 'get_weather', arguments: '{"city":"Paris"}', status: 'completed' });
    expect(first.status).toBe('completed');
    expect((anthropic.requests.at(-1)?.body as { stream?: unknown }).stream === true).toBe(stream);
    expect(anthropic.requests.at(-1)?.body).toMatchObject({ system: 'Be brief.', messages: [{ role: 'user', content: [{ type: 'text', text: 'Weather in Paris?' }] }], tools: [{ name: 'get_weather' }] });

    input.push({ type: 'function_call', call_id: call?.type === 'function_call' ? call.call_id : '', name: 'get_weather', arguments: '{"city":"Paris"}' }, { type: 'function_call_output', call_id: call?.type === 'function_call' ? call.call_id : '', output: '21C' });
    const second = await send(input);
    expect(second.output_text).toBe('Sunny in Paris.');
    expect(second.usage).toMatchObject({ input_tokens: 12, output_tokens: 7, total_tokens: 19 });
    expect((anthropic.requests.at(-1)?.body as { messages: unknown[] }).messages.slice(1)).toEqual([
      { role: 'assistant', content: [{ type: 'tool_use', id: 'toolu_scripted0000000000000000', name: 'get_weather', input: { city: 'Paris' } }] },
      { role: 'user', content: [{ type: 'tool_result', tool_use_id: 'toolu_scripted0000000000000000', content: '21C' }] },
    ]);
    await gw.rt.llmRequests.flush();
    const recs = (await gw.rt.store.listLlmRequests()).filter((r) => r.sessionId === session);
    expect(recs.map((r) => [r.provider, r.status, r.inputTokens, r.outputTokens])).toEqual([
      ['anthropic', 200, 12, 7],
      ['anthropic', 200, 12, 7],
    ]);
  });

  it('serves an OpenAI provider, and passes its errors in the shape the SDK raises', async () => {
    const c = client(gw, `resp-oai-${String(stream)}`);
    const r = stream ? await c.responses.stream({ model: 'gpt-4o', input: 'hi' }).finalResponse() : await c.responses.create({ model: 'gpt-4o', input: 'hi' });
    expect(r.output_text).toBe('Hello from chat.');
    expect(openai.requests.at(-1)?.body).toMatchObject({ model: 'gpt-4o', messages: [{ role: 'user', content: 'hi' }] });
    const e = await (stream ? c.responses.stream({ model: 'gpt-limited', input: 'hi' }).finalResponse() : c.responses.create({ model: 'gpt-limited', input: 'hi' })).catch((x: unknown) => x);
    expect(e).toBeInstanceOf(OpenAI.RateLimitError);
  });

  it('refuses a function call the policy denies, in the Responses shape', async () => {
    const session = `resp-attack-${String(stream)}`;
    const c = client(gwAttack, session);
    const tools: OpenAI.Responses.FunctionTool[] = [
      { type: 'function', name: 'read_inbox', parameters: { type: 'object', properties: {} }, strict: false },
      { type: 'function', name: 'send_email', parameters: { type: 'object', properties: {} }, strict: false },
    ];
    const send = async (input: ResponseInputItem[]): Promise<OpenAI.Responses.Response> => (stream ? c.responses.stream({ model: 'claude-sonnet-4-5', tools, input }).finalResponse() : c.responses.create({ model: 'claude-sonnet-4-5', tools, input }));
    const input: ResponseInputItem[] = [{ role: 'user', content: ATTACK_PROMPT }];
    const first = await send(input);
    const call = first.output.find((o) => o.type === 'function_call');
    expect(call?.type === 'function_call' ? call.name : '').toBe('read_inbox');
    const id = call?.type === 'function_call' ? call.call_id : '';
    input.push({ type: 'function_call', call_id: id, name: 'read_inbox', arguments: '{"folder":"inbox"}' }, { type: 'function_call_output', call_id: id, output: INJECTED_EMAIL });
    const reply = await send(input);
    expect(reply.output.filter((o) => o.type === 'function_call')).toEqual([]);
    expect(reply.output_text).toMatch(/^\[Rampart\] The tool call send_email was blocked: .+ \(rule [a-z-]+\)\.$/);
  });
});

describe('Responses requests the gateway cannot serve', () => {
  it('refuses previous_response_id and a missing input with a 400 the SDK raises', async () => {
    const c = client(gw, 'resp-bad');
    await expect(c.responses.create({ model: 'gpt-4o', input: 'hi', previous_response_id: 'resp_1' })).rejects.toBeInstanceOf(OpenAI.BadRequestError);
    const r = await fetch(`${gw.base}/v1/responses`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{"model":"gpt-4o"' });
    expect(r.status).toBe(400);
    expect(await r.json()).toMatchObject({ error: { type: 'invalid_request_error' } });
  });
});
