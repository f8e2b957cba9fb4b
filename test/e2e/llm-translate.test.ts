import Anthropic from '@anthropic-ai/sdk';
import OpenAI from 'openai';
import type { ChatCompletion, ChatCompletionMessageParam, ChatCompletionTool } from 'openai/resources/chat/completions';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { LlmRequestRecord } from '../../src/core/index.js';
import { startAnthropicFake } from '../fakes/anthropic.js';
import { startChatFake } from '../fakes/openai-chat.js';
import type { FakeServer } from '../fakes/recording-server.js';
import { textStep, toolStep } from '../fakes/script.js';
import { ATTACK_PROMPT, ATTACK_SCRIPT, INJECTED_EMAIL, startLlmHarness, type LlmHarness } from './llm-harness.js';

// Issue 5 §1: any inbound format to any provider. The `openai` SDK talks to a gateway whose `claude-*` models
// are served by a scripted Anthropic upstream, and the `@anthropic-ai/sdk` to `gpt-*` models served by a
// scripted OpenAI one: requests, replies, streams, usage, errors and tool-call gating all cross the formats.

let anthropic: FakeServer;
let openai: FakeServer;
let attack: FakeServer;
let attackOai: FakeServer;
let gw: LlmHarness;
let gwAttack: LlmHarness;

const FAIL: Readonly<Record<string, { status: number; type: string; message: string }>> = {
  'fail-429': { status: 429, type: 'rate_limit_error', message: 'slow down' },
  'fail-400': { status: 400, type: 'invalid_request_error', message: 'bad field' },
  'fail-500': { status: 500, type: 'api_error', message: 'it broke' },
};
const failFor = (req: { body: unknown }): (typeof FAIL)[string] | undefined => {
  const m = (req.body as { model?: unknown }).model;
  return typeof m === 'string' ? FAIL[m.replace(/^(claude|gpt)-/, '')] : undefined;
};

beforeAll(async () => {
  anthropic = await startAnthropicFake({ script: [toolStep('get_weather', { city: 'Paris', unit: 'celsius' }), textStep('It is sunny in Paris.')], textChunk: 4, inputChunk: 5, fail: failFor });
  openai = await startChatFake({ script: [toolStep('get_weather', { city: 'Oslo', unit: 'celsius' }), textStep('It is snowing in Oslo.')], textChunk: 4, argsChunk: 5, reasoning: 'The user wants weather.', fail: failFor });
  attack = await startAnthropicFake({ script: ATTACK_SCRIPT, textChunk: 5, inputChunk: 6 });
  attackOai = await startChatFake({ script: ATTACK_SCRIPT, textChunk: 5, argsChunk: 6 });
  gw = await startLlmHarness({ anthropic, openai });
  gwAttack = await startLlmHarness({ anthropic: attack, openai: attackOai });
});
afterAll(async () => {
  await gw.close();
  await gwAttack.close();
  await anthropic.close();
  await openai.close();
  await attack.close();
  await attackOai.close();
});

const TOOLS: ChatCompletionTool[] = [{ type: 'function', function: { name: 'get_weather', description: 'Weather for a city.', parameters: { type: 'object', properties: { city: { type: 'string' }, unit: { type: 'string' } } } } }];
const ANT_TOOLS: Anthropic.Tool[] = [{ name: 'get_weather', description: 'Weather for a city.', input_schema: { type: 'object', properties: { city: { type: 'string' }, unit: { type: 'string' } } } }];

function oai(h: LlmHarness, session: string): OpenAI {
  return new OpenAI({ baseURL: `${h.base}/v1`, apiKey: 'sk-caller', maxRetries: 0, defaultHeaders: { 'x-rampart-session': session } });
}
function ant(h: LlmHarness, session: string): Anthropic {
  return new Anthropic({ baseURL: h.base, apiKey: 'sk-ant-caller', maxRetries: 0, defaultHeaders: { 'x-rampart-session': session } });
}
async function records(session: string): Promise<LlmRequestRecord[]> {
  await gw.rt.llmRequests.flush();
  return (await gw.rt.store.listLlmRequests()).filter((r) => r.sessionId === session);
}

describe.each([false, true])('an OpenAI caller, an Anthropic provider (stream: %s)', (stream) => {
  it('gets a tool call assembled from split input_json_deltas, then the answer to its tool result, with usage recorded', async () => {
    const session = `x-oai-ant-${String(stream)}`;
    const c = oai(gw, session);
    const send = (messages: ChatCompletionMessageParam[]): Promise<ChatCompletion> =>
      stream ? c.chat.completions.stream({ model: 'claude-haiku-4-5', tools: TOOLS, messages }).finalChatCompletion() : c.chat.completions.create({ model: 'claude-haiku-4-5', tools: TOOLS, messages });
    const messages: ChatCompletionMessageParam[] = [
      { role: 'system', content: 'You are terse.' },
      { role: 'user', content: 'Weather in Paris?' },
    ];
    const first = await send(messages);
    const call = first.choices[0]?.message.tool_calls?.[0];
    expect(first.choices[0]?.finish_reason).toBe('tool_calls');
    expect(call?.type === 'function' ? [call.id, call.function.name, JSON.parse(call.function.arguments)] : []).toEqual(['toolu_scripted0000000000000000', 'get_weather', { city: 'Paris', unit: 'celsius' }]);
    const up = anthropic.requests.at(-1);
    expect(up?.path).toBe('/v1/messages');
    // The caller's OpenAI key is never handed to another provider (this one has no key configured).
    expect([up?.headers['x-api-key'], up?.headers['authorization']]).toEqual([undefined, undefined]);
    expect(up?.headers['anthropic-version']).toBe('2023-06-01');
    expect(up?.body).toMatchObject({ model: 'claude-haiku-4-5', system: 'You are terse.', max_tokens: 4096, messages: [{ role: 'user', content: [{ type: 'text', text: 'Weather in Paris?' }] }], tools: [{ name: 'get_weather', input_schema: { type: 'object' } }] });

    messages.push(first.choices[0]?.message as ChatCompletionMessageParam, { role: 'tool', tool_call_id: call?.id ?? '', content: '21C and sunny' });
    const second = await send(messages);
    expect(second.choices[0]?.message.content).toBe('It is sunny in Paris.');
    expect(second.choices[0]?.finish_reason).toBe('stop');
    expect((anthropic.requests.at(-1)?.body as { messages: unknown }).messages).toEqual([
      { role: 'user', content: [{ type: 'text', text: 'Weather in Paris?' }] },
      { role: 'assistant', content: [{ type: 'tool_use', id: 'toolu_scripted0000000000000000', name: 'get_weather', input: { city: 'Paris', unit: 'celsius' } }] },
      { role: 'user', content: [{ type: 'tool_result', tool_use_id: 'toolu_scripted0000000000000000', content: '21C and sunny' }] },
    ]);
    if (!stream) expect(second.usage).toMatchObject({ prompt_tokens: 12, completion_tokens: 7, total_tokens: 19 });

    const recs = await records(session);
    expect(recs).toHaveLength(2);
    expect(recs[1]).toMatchObject({ format: 'openai', provider: 'anthropic', upstreamModel: 'claude-haiku-4-5', status: 200, stream, inputTokens: 12, outputTokens: 7, decision: 'allow' });
    expect(recs[1]?.costUsd).toBeGreaterThan(0);
  });
});

describe.each([false, true])('an Anthropic caller, an OpenAI provider (stream: %s)', (stream) => {
  it('gets reasoning as thinking, a tool_use with its input assembled, then the answer, with usage recorded', async () => {
    const session = `x-ant-oai-${String(stream)}`;
    const c = ant(gw, session);
    const send = (messages: Anthropic.MessageParam[]): Promise<Anthropic.Message> => {
      const req = { model: 'gpt-4o', max_tokens: 256, system: 'Be brief.', tools: ANT_TOOLS, messages };
      return stream ? c.messages.stream(req).finalMessage() : c.messages.create(req);
    };
    const messages: Anthropic.MessageParam[] = [{ role: 'user', content: 'Weather in Oslo?' }];
    const first = await send(messages);
    expect(first.stop_reason).toBe('tool_use');
    expect(first.content.map((b) => b.type)).toEqual(['thinking', 'tool_use']);
    expect(first.content[0]).toMatchObject({ type: 'thinking', thinking: 'The user wants weather.' });
    expect(first.content[1]).toMatchObject({ type: 'tool_use', id: 'call_scripted0000000000000000', name: 'get_weather', input: { city: 'Oslo', unit: 'celsius' } });
    const up = openai.requests.at(-1);
    expect(up?.path).toBe('/v1/chat/completions');
    expect(up?.headers['authorization']).toBe('Bearer sk-configured-upstream');
    expect(up?.headers['anthropic-version']).toBeUndefined();
    expect(up?.body).toMatchObject({ model: 'gpt-4o', max_tokens: 256, stream, messages: [{ role: 'system', content: 'Be brief.' }, { role: 'user', content: 'Weather in Oslo?' }], tools: TOOLS });
    if (stream) expect(up?.body).toMatchObject({ stream_options: { include_usage: true } });

    messages.push({ role: 'assistant', content: first.content }, { role: 'user', content: [{ type: 'tool_result', tool_use_id: 'call_scripted0000000000000000', content: '-5C, snow' }] });
    const second = await send(messages);
    expect(second.stop_reason).toBe('end_turn');
    expect(second.content.filter((b) => b.type === 'text').map((b) => (b.type === 'text' ? b.text : ''))).toEqual(['It is snowing in Oslo.']);
    const sent = (openai.requests.at(-1)?.body as { messages: unknown[] }).messages;
    expect(sent.slice(2)).toEqual([
      { role: 'assistant', content: null, tool_calls: [{ id: 'call_scripted0000000000000000', type: 'function', function: { name: 'get_weather', arguments: '{"city":"Oslo","unit":"celsius"}' } }] },
      { role: 'tool', tool_call_id: 'call_scripted0000000000000000', content: '-5C, snow' },
    ]);
    // The fake's usage: 12 prompt tokens (2 of them cached, when streaming), 7 completion tokens.
    expect(second.usage.output_tokens).toBe(7);
    const recs = await records(session);
    expect(recs[1]).toMatchObject({ format: 'anthropic', provider: 'openai', upstreamModel: 'gpt-4o', status: 200, stream, outputTokens: 7, decision: 'allow' });
    expect((recs[1]?.inputTokens ?? 0) + (recs[1]?.cacheReadTokens ?? 0)).toBe(12);
  });
});

describe('errors across formats', () => {
  it('answers malformed shapes in the caller format and keeps serving', async () => {
    const garbage = { model: 'claude-haiku-4-5', messages: [null, 5, { role: 'user', content: 5 }, { role: 'assistant', tool_calls: 'x' }, { role: 'user', content: [{ type: 'input_audio' }, { type: 'image_url' }] }], tools: [{}, null], tool_choice: {}, stop: 3 };
    const r = await fetch(`${gw.base}/v1/chat/completions`, { method: 'POST', headers: { 'content-type': 'application/json', authorization: 'Bearer sk-caller' }, body: JSON.stringify(garbage) });
    expect([200, 400]).toContain(r.status);
    const body = (await r.json()) as Record<string, unknown>;
    expect(r.status === 200 ? body['object'] : (body['error'] as { type?: unknown } | undefined)?.type).toBe(r.status === 200 ? 'chat.completion' : 'invalid_request_error');
    const a = await fetch(`${gw.base}/v1/messages`, { method: 'POST', headers: { 'content-type': 'application/json', 'x-api-key': 'k', 'anthropic-version': '2023-06-01' }, body: JSON.stringify({ model: 'gpt-4o', max_tokens: 5, system: 7, messages: [{ role: 'user', content: [null, { type: 'tool_result' }] }], tools: 'x' }) });
    expect(a.status).toBe(200);
    expect(((await a.json()) as { type?: unknown }).type).toBe('message');
    await expect(oai(gw, 'x-after').chat.completions.create({ model: 'claude-haiku-4-5', messages: [{ role: 'user', content: 'hi' }] })).resolves.toMatchObject({ object: 'chat.completion' });
  });

  it.each([
    ['fail-429', OpenAI.RateLimitError, 429],
    ['fail-400', OpenAI.BadRequestError, 400],
    ['fail-500', OpenAI.InternalServerError, 500],
  ] as const)('an Anthropic %s reaches an OpenAI caller as its own error class', async (name, cls, status) => {
    for (const stream of [false, true]) {
      const e = await oai(gw, 'x-err')
        .chat.completions.create({ model: `claude-${name}`, messages: [{ role: 'user', content: 'hi' }], stream })
        .catch((x: unknown) => x);
      expect(e).toBeInstanceOf(cls);
      expect(e).toMatchObject({ status, error: { message: FAIL[name]?.message } });
    }
  });

  it.each([
    ['fail-429', Anthropic.RateLimitError, 429, 'rate_limit_error'],
    ['fail-400', Anthropic.BadRequestError, 400, 'invalid_request_error'],
    ['fail-500', Anthropic.InternalServerError, 500, 'api_error'],
  ] as const)('an OpenAI %s reaches an Anthropic caller as its own error class', async (name, cls, status, type) => {
    for (const stream of [false, true]) {
      const e = await ant(gw, 'x-err')
        .messages.create({ model: `gpt-${name}`, max_tokens: 16, messages: [{ role: 'user', content: 'hi' }], stream })
        .catch((x: unknown) => x);
      expect(e).toBeInstanceOf(cls);
      expect(e).toMatchObject({ status, error: { type: 'error', error: { type, message: FAIL[name]?.message } } });
    }
  });
});

describe.each([false, true])('gating translated replies (stream: %s)', (stream) => {
  it('refuses a send_email whose recipient came only from an injected tool result, in the caller format', async () => {
    const session = `x-attack-${String(stream)}`;
    const c = oai(gwAttack, session);
    const tools: ChatCompletionTool[] = [
      { type: 'function', function: { name: 'read_inbox', parameters: { type: 'object', properties: { folder: { type: 'string' } } } } },
      { type: 'function', function: { name: 'send_email', parameters: { type: 'object', properties: { to: { type: 'string' } } } } },
    ];
    const send = (messages: ChatCompletionMessageParam[]): Promise<ChatCompletion> =>
      stream ? c.chat.completions.stream({ model: 'claude-sonnet-4-5', tools, messages }).finalChatCompletion() : c.chat.completions.create({ model: 'claude-sonnet-4-5', tools, messages });
    const messages: ChatCompletionMessageParam[] = [{ role: 'user', content: ATTACK_PROMPT }];
    const first = await send(messages);
    const call = first.choices[0]?.message.tool_calls?.[0];
    expect(call?.type === 'function' ? call.function.name : '').toBe('read_inbox');
    messages.push(first.choices[0]?.message as ChatCompletionMessageParam, { role: 'tool', tool_call_id: call?.id ?? '', content: INJECTED_EMAIL });
    const reply = await send(messages);
    expect(reply.choices[0]?.message.tool_calls ?? []).toEqual([]);
    expect(reply.choices[0]?.message.content).toMatch(/^\[Rampart\] The tool call send_email was blocked: .+ \(rule [a-z-]+\)\.$/);
    expect(reply.choices[0]?.finish_reason).toBe('stop');
    await gwAttack.rt.writer.flush();
    expect((await gwAttack.rt.store.sessionEvents(session)).map((r) => [r.event.kind, r.decision.action])).toEqual([
      ['prompt', 'allow'],
      ['tool.call', 'allow'],
      ['tool.result', 'allow'],
      ['tool.call', 'deny'],
    ]);
  });

  it('refuses the same call from an OpenAI provider to an Anthropic caller, with a text block and end_turn', async () => {
    const session = `x-attack-ant-${String(stream)}`;
    const c = ant(gwAttack, session);
    const tools: Anthropic.Tool[] = [
      { name: 'read_inbox', input_schema: { type: 'object', properties: { folder: { type: 'string' } } } },
      { name: 'send_email', input_schema: { type: 'object', properties: { to: { type: 'string' } } } },
    ];
    const send = (messages: Anthropic.MessageParam[]): Promise<Anthropic.Message> => {
      const req = { model: 'gpt-4o', max_tokens: 256, tools, messages };
      return stream ? c.messages.stream(req).finalMessage() : c.messages.create(req);
    };
    const messages: Anthropic.MessageParam[] = [{ role: 'user', content: ATTACK_PROMPT }];
    const first = await send(messages);
    const call = first.content.find((b) => b.type === 'tool_use');
    expect(call).toMatchObject({ name: 'read_inbox', input: { folder: 'inbox' } });
    messages.push({ role: 'assistant', content: first.content }, { role: 'user', content: [{ type: 'tool_result', tool_use_id: call?.type === 'tool_use' ? call.id : '', content: INJECTED_EMAIL }] });
    const reply = await send(messages);
    expect(reply.content.filter((b) => b.type === 'tool_use')).toEqual([]);
    expect(reply.content.map((b) => (b.type === 'text' ? b.text : '')).join('')).toMatch(/^\[Rampart\] The tool call send_email was blocked: .+ \(rule [a-z-]+\)\.$/);
    expect(reply.stop_reason).toBe('end_turn');
  });
});

describe('Azure OpenAI, failover across formats, and a stream cut mid-way', () => {
  let azure: FakeServer;
  let busy: FakeServer;
  let cut: FakeServer;
  let h: LlmHarness;
  beforeAll(async () => {
    azure = await startChatFake({ script: [textStep('Hello from Azure.')] });
    busy = await startAnthropicFake({ script: [textStep('never')], fail: () => ({ status: 529, type: 'overloaded_error', message: 'busy' }) });
    cut = await startAnthropicFake({ script: [textStep('A long answer that will be cut.')], misbehave: () => 'cut' });
    h = await startLlmHarness({
      llm: {
        providers: {
          azure: { format: 'azure', baseUrl: azure.url, apiKey: 'az-key', apiVersion: '2024-10-21' },
          busy: { format: 'anthropic', baseUrl: busy.url },
          fallback: { format: 'azure', baseUrl: azure.url, apiKey: 'az-key', apiVersion: '2024-10-21', deployment: 'prod' },
          cut: { format: 'anthropic', baseUrl: cut.url },
        },
        models: [
          { match: 'gpt-4o', provider: 'azure' },
          { match: 'resilient', targets: [{ provider: 'busy', model: 'claude-sonnet-4-5' }, { provider: 'fallback', model: 'gpt-4o-mini' }] },
          { match: 'cut', provider: 'cut', model: 'claude-haiku-4-5' },
        ],
      },
    });
  });
  afterAll(async () => {
    await h.close();
    await azure.close();
    await busy.close();
    await cut.close();
  });

  it('sends an OpenAI caller to Azure untranslated: deployment path, api-version, api-key', async () => {
    const r = await oai(h, 'x-azure').chat.completions.create({ model: 'gpt-4o', messages: [{ role: 'user', content: 'hi' }] });
    expect(r.choices[0]?.message.content).toBe('Hello from Azure.');
    const up = azure.requests.at(-1);
    expect(up?.url).toBe('/openai/deployments/gpt-4o/chat/completions?api-version=2024-10-21');
    expect([up?.headers['api-key'], up?.headers['authorization']]).toEqual(['az-key', undefined]);
    expect(up?.raw).toBe('{"model":"gpt-4o","messages":[{"role":"user","content":"hi"}]}');
  });

  it('translates an Anthropic caller for Azure, streaming', async () => {
    const m = await ant(h, 'x-azure-ant').messages.stream({ model: 'gpt-4o', max_tokens: 64, messages: [{ role: 'user', content: 'hi' }] }).finalMessage();
    expect(m.content).toMatchObject([{ type: 'text', text: 'Hello from Azure.' }]);
    expect(azure.requests.at(-1)?.body).toMatchObject({ model: 'gpt-4o', stream: true, stream_options: { include_usage: true } });
  });

  it('falls over from an overloaded Anthropic target to an Azure one, for callers of either format', async () => {
    const a = await ant(h, 'x-resilient').messages.create({ model: 'resilient', max_tokens: 64, messages: [{ role: 'user', content: 'hi' }] });
    expect(a.content).toMatchObject([{ type: 'text', text: 'Hello from Azure.' }]);
    expect(azure.requests.at(-1)?.url).toBe('/openai/deployments/prod/chat/completions?api-version=2024-10-21');
    const s = oai(h, 'x-resilient-oai').chat.completions.stream({ model: 'resilient', messages: [{ role: 'user', content: 'hi' }] });
    const final = await s.finalChatCompletion();
    expect(final.choices[0]?.message.content).toBe('Hello from Azure.');
    expect(busy.requests.at(-1)?.body).toMatchObject({ model: 'claude-sonnet-4-5', stream: true });
  });

  it('ends a translated stream cut mid-way with an error the caller SDK raises', async () => {
    const s = await oai(h, 'x-cut').chat.completions.create({ model: 'cut', stream: true, messages: [{ role: 'user', content: 'hi' }] });
    const seen: string[] = [];
    const e = await (async () => {
      for await (const c of s) seen.push(c.choices[0]?.delta.content ?? '');
    })().catch((x: unknown) => x);
    expect(e).toBeInstanceOf(OpenAI.APIError);
    expect(String((e as Error).message)).toContain('interrupted');
  });
});
