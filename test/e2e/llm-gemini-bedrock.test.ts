import Anthropic from '@anthropic-ai/sdk';
import OpenAI from 'openai';
import type { ChatCompletion, ChatCompletionMessageParam, ChatCompletionTool } from 'openai/resources/chat/completions';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { LlmRequestRecord } from '../../src/core/index.js';
import { startBedrockFake, TEST_AWS_CREDENTIALS } from '../fakes/bedrock.js';
import { startGeminiFake } from '../fakes/gemini.js';
import type { FakeServer, RecordedRequest } from '../fakes/recording-server.js';
import { textStep, toolStep } from '../fakes/script.js';
import { ATTACK_PROMPT, ATTACK_SCRIPT, INJECTED_EMAIL, startLlmHarness, type LlmHarness } from './llm-harness.js';

// Issue 5 §1: Google Gemini and AWS Bedrock (Converse, SigV4) as providers. Neither has an inbound endpoint, so
// the `openai` and `@anthropic-ai/sdk` clients reach them through translation: requests, replies, streams (SSE
// for Gemini, AWS event-stream for Bedrock), tool calls, usage, errors and tool-call gating. The Bedrock fake
// verifies every SigV4 signature with the AWS SDK's signer, so a request it accepts was signed as sent.

const BEDROCK_MODEL = 'anthropic.claude-3-5-sonnet-20240620-v1:0';
const ENV = { id: 'RAMPART_TEST_BEDROCK_KEY_ID', secret: 'RAMPART_TEST_BEDROCK_SECRET', wrong: 'RAMPART_TEST_BEDROCK_WRONG_SECRET' };

/** `…/fail-429` in the model (Gemini: in the path; Bedrock: in the path) makes the fake answer that status. */
function failing(req: RecordedRequest): number | undefined {
  const m = /fail-(\d{3})/.exec(decodeURIComponent(req.path));
  return m === null ? undefined : Number(m[1]);
}

let gemini: FakeServer;
let bedrock: FakeServer;
let geminiAttack: FakeServer;
let bedrockAttack: FakeServer;
let geminiCut: FakeServer;
let geminiBroken: FakeServer;
let bedrockCut: FakeServer;
let bedrockBroken: FakeServer;
let gw: LlmHarness;

beforeAll(async () => {
  process.env[ENV.id] = TEST_AWS_CREDENTIALS.accessKeyId;
  process.env[ENV.secret] = TEST_AWS_CREDENTIALS.secretAccessKey;
  process.env[ENV.wrong] = 'not-the-secret-at-all-0000000000000000000';
  const script = [toolStep('get_weather', { city: 'Paris', unit: 'celsius' }), textStep('It is sunny in Paris.')];
  gemini = await startGeminiFake({ script, textChunk: 4, fail: (r) => (failing(r) === 429 ? { status: 429, status_text: 'RESOURCE_EXHAUSTED', message: 'Quota exceeded for gemini' } : undefined) });
  bedrock = await startBedrockFake({ script, credentials: TEST_AWS_CREDENTIALS, textChunk: 5, fail: (r) => (failing(r) === 429 ? { status: 429, type: 'ThrottlingException', message: 'Too many requests, please wait' } : undefined) });
  geminiAttack = await startGeminiFake({ script: ATTACK_SCRIPT, textChunk: 5 });
  bedrockAttack = await startBedrockFake({ script: ATTACK_SCRIPT, credentials: TEST_AWS_CREDENTIALS, textChunk: 6 });
  const long = [textStep('A long answer that will be cut before it ends.')];
  geminiCut = await startGeminiFake({ script: long, textChunk: 6, cutAfterFrames: 3 });
  geminiBroken = await startGeminiFake({ script: long, textChunk: 6, streamError: { afterFrames: 2, code: 503, status: 'UNAVAILABLE', message: 'The model is overloaded' } });
  bedrockCut = await startBedrockFake({ script: long, credentials: TEST_AWS_CREDENTIALS, textChunk: 6, cutAfterBytes: 400 });
  bedrockBroken = await startBedrockFake({ script: long, credentials: TEST_AWS_CREDENTIALS, textChunk: 6, streamException: { afterEvents: 3, type: 'throttlingException', message: 'Too many tokens' } });
  const br = (url: string, secretEnv = ENV.secret): Record<string, unknown> => ({ format: 'bedrock', baseUrl: url, region: 'us-east-1', accessKeyIdEnv: ENV.id, secretAccessKeyEnv: secretEnv });
  gw = await startLlmHarness({
    llm: {
      providers: {
        gemini: { format: 'gemini', baseUrl: gemini.url, apiKey: 'g-configured-key' },
        bedrock: br(bedrock.url),
        'bedrock-wrong': br(bedrock.url, ENV.wrong),
        'gemini-attack': { format: 'gemini', baseUrl: geminiAttack.url, apiKey: 'g' },
        'bedrock-attack': br(bedrockAttack.url),
        'gemini-cut': { format: 'gemini', baseUrl: geminiCut.url, apiKey: 'g' },
        'gemini-broken': { format: 'gemini', baseUrl: geminiBroken.url, apiKey: 'g' },
        'bedrock-cut': br(bedrockCut.url),
        'bedrock-broken': br(bedrockBroken.url),
      },
      models: [
        { match: 'gemini-2.5-flash', provider: 'gemini' },
        { match: 'gemini-fail-429', provider: 'gemini' },
        { match: 'bedrock-sonnet', provider: 'bedrock', model: BEDROCK_MODEL },
        { match: 'bedrock-fail-429', provider: 'bedrock' },
        { match: 'bedrock-wrong', provider: 'bedrock-wrong', model: BEDROCK_MODEL },
        { match: 'gemini-attack', provider: 'gemini-attack', model: 'gemini-2.5-pro' },
        { match: 'bedrock-attack', provider: 'bedrock-attack', model: BEDROCK_MODEL },
        { match: 'gemini-cut', provider: 'gemini-cut', model: 'gemini-2.5-flash' },
        { match: 'gemini-broken', provider: 'gemini-broken', model: 'gemini-2.5-flash' },
        { match: 'bedrock-cut', provider: 'bedrock-cut', model: BEDROCK_MODEL },
        { match: 'bedrock-broken', provider: 'bedrock-broken', model: BEDROCK_MODEL },
        { match: 'resilient', targets: [{ provider: 'gemini', model: 'gemini-fail-429' }, { provider: 'bedrock', model: BEDROCK_MODEL }] },
      ],
      prices: { 'gemini-2.5-flash': { input: 0.3, output: 2.5 }, [BEDROCK_MODEL]: { input: 3, output: 15 } },
    },
  });
});
afterAll(async () => {
  await gw.close();
  for (const f of [gemini, bedrock, geminiAttack, bedrockAttack, geminiCut, geminiBroken, bedrockCut, bedrockBroken]) await f.close();
  for (const k of Object.values(ENV)) delete process.env[k];
});

const TOOLS: ChatCompletionTool[] = [{ type: 'function', function: { name: 'get_weather', description: 'Weather for a city.', parameters: { type: 'object', properties: { city: { type: 'string' }, unit: { type: 'string' } } } } }];
const ANT_TOOLS: Anthropic.Tool[] = [{ name: 'get_weather', description: 'Weather for a city.', input_schema: { type: 'object', properties: { city: { type: 'string' }, unit: { type: 'string' } } } }];

function oai(session: string): OpenAI {
  return new OpenAI({ baseURL: `${gw.base}/v1`, apiKey: 'sk-caller', maxRetries: 0, defaultHeaders: { 'x-rampart-session': session } });
}
function ant(session: string): Anthropic {
  return new Anthropic({ baseURL: gw.base, apiKey: 'sk-ant-caller', maxRetries: 0, defaultHeaders: { 'x-rampart-session': session } });
}
async function records(session: string): Promise<LlmRequestRecord[]> {
  await gw.rt.llmRequests.flush();
  return (await gw.rt.store.listLlmRequests()).filter((r) => r.sessionId === session);
}

/** Per provider: the model the caller asks for, the fake, what the upstream request looks like. */
const PROVIDERS = [
  {
    name: 'gemini',
    model: 'gemini-2.5-flash',
    upstreamModel: 'gemini-2.5-flash',
    fake: (): FakeServer => gemini,
    path: (stream: boolean) => (stream ? '/v1beta/models/gemini-2.5-flash:streamGenerateContent?alt=sse' : '/v1beta/models/gemini-2.5-flash:generateContent'),
    auth: (r: RecordedRequest | undefined) => {
      // The configured key, in Google's header; the caller's credentials never cross.
      expect([r?.headers['x-goog-api-key'], r?.headers['authorization'], r?.headers['x-api-key']]).toEqual(['g-configured-key', undefined, undefined]);
    },
    turns: (r: RecordedRequest | undefined) => (r?.body as { contents: unknown[] }).contents,
  },
  {
    name: 'bedrock',
    model: 'bedrock-sonnet',
    upstreamModel: BEDROCK_MODEL,
    fake: (): FakeServer => bedrock,
    path: (stream: boolean) => `/model/${encodeURIComponent(BEDROCK_MODEL)}/${stream ? 'converse-stream' : 'converse'}`,
    auth: (r: RecordedRequest | undefined) => {
      // Signed (the fake verified it), with the key id and never the secret on the wire.
      expect(r?.headers['authorization']).toMatch(new RegExp(`^AWS4-HMAC-SHA256 Credential=${TEST_AWS_CREDENTIALS.accessKeyId}/\\d{8}/us-east-1/bedrock/aws4_request, `));
      expect(JSON.stringify(r?.headers)).not.toContain(TEST_AWS_CREDENTIALS.secretAccessKey);
      expect(r?.headers['x-api-key']).toBeUndefined();
    },
    turns: (r: RecordedRequest | undefined) => (r?.body as { messages: unknown[] }).messages,
  },
] as const;

describe.each(PROVIDERS.flatMap((p) => [false, true].map((stream) => ({ p, stream }))))('an OpenAI caller to $p.name (stream: $stream)', ({ p, stream }) => {
  it('gets a tool call, sends its result back, gets the answer, and both turns are metered', async () => {
    const session = `gb-oai-${p.name}-${String(stream)}`;
    const c = oai(session);
    const send = (messages: ChatCompletionMessageParam[]): Promise<ChatCompletion> =>
      stream ? c.chat.completions.stream({ model: p.model, tools: TOOLS, messages }).finalChatCompletion() : c.chat.completions.create({ model: p.model, tools: TOOLS, messages });
    const messages: ChatCompletionMessageParam[] = [
      { role: 'system', content: 'You are terse.' },
      { role: 'user', content: 'Weather in Paris?' },
    ];
    const first = await send(messages);
    expect(first.choices[0]?.finish_reason).toBe('tool_calls');
    const call = first.choices[0]?.message.tool_calls?.[0];
    expect(call?.type === 'function' ? [call.function.name, JSON.parse(call.function.arguments)] : []).toEqual(['get_weather', { city: 'Paris', unit: 'celsius' }]);
    expect(call?.id).toMatch(/\S/);
    const up = p.fake().requests.at(-1);
    expect(up?.url).toBe(p.path(stream));
    p.auth(up);

    messages.push(first.choices[0]?.message as ChatCompletionMessageParam, { role: 'tool', tool_call_id: call?.id ?? '', content: '21C and sunny' });
    const second = await send(messages);
    expect(second.choices[0]?.message.content).toBe('It is sunny in Paris.');
    expect(second.choices[0]?.finish_reason).toBe('stop');
    // The tool result reached the provider in its own shape, tied to the call.
    const turns = JSON.stringify(p.turns(p.fake().requests.at(-1)));
    expect(turns).toContain('21C and sunny');
    expect(turns).toContain('get_weather');
    if (!stream) expect(second.usage).toMatchObject({ prompt_tokens: 12, completion_tokens: 7, total_tokens: 19 });

    const recs = await records(session);
    expect(recs).toHaveLength(2);
    expect(recs[1]).toMatchObject({ format: 'openai', provider: p.name, upstreamModel: p.upstreamModel, status: 200, stream, inputTokens: 12, outputTokens: 7, decision: 'allow' });
    expect(recs[1]?.costUsd).toBeGreaterThan(0);
  });
});

describe.each(PROVIDERS.flatMap((p) => [false, true].map((stream) => ({ p, stream }))))('an Anthropic caller to $p.name (stream: $stream)', ({ p, stream }) => {
  it('gets a tool_use with its input, then the answer to its tool_result, with usage', async () => {
    const session = `gb-ant-${p.name}-${String(stream)}`;
    const c = ant(session);
    const send = (messages: Anthropic.MessageParam[]): Promise<Anthropic.Message> => {
      const req = { model: p.model, max_tokens: 256, system: 'Be brief.', tools: ANT_TOOLS, messages };
      return stream ? c.messages.stream(req).finalMessage() : c.messages.create(req);
    };
    const messages: Anthropic.MessageParam[] = [{ role: 'user', content: 'Weather in Paris?' }];
    const first = await send(messages);
    expect(first.stop_reason).toBe('tool_use');
    const call = first.content.find((b) => b.type === 'tool_use');
    expect(call).toMatchObject({ type: 'tool_use', name: 'get_weather', input: { city: 'Paris', unit: 'celsius' } });
    p.auth(p.fake().requests.at(-1));
    messages.push({ role: 'assistant', content: first.content }, { role: 'user', content: [{ type: 'tool_result', tool_use_id: call?.type === 'tool_use' ? call.id : '', content: '21C and sunny' }] });
    const second = await send(messages);
    expect(second.stop_reason).toBe('end_turn');
    expect(second.content).toMatchObject([{ type: 'text', text: 'It is sunny in Paris.' }]);
    expect(second.usage).toMatchObject({ input_tokens: 12, output_tokens: 7 });
    expect(JSON.stringify(p.turns(p.fake().requests.at(-1)))).toContain('21C and sunny');
    const recs = await records(session);
    expect(recs[1]).toMatchObject({ format: 'anthropic', provider: p.name, upstreamModel: p.upstreamModel, status: 200, stream, inputTokens: 12, outputTokens: 7 });
    expect(recs[1]?.costUsd).toBeGreaterThan(0);
  });
});

describe('errors from Gemini and Bedrock, in the caller format', () => {
  it.each(['gemini-fail-429', 'bedrock-fail-429'])('%s reaches either SDK as its RateLimitError', async (model) => {
    for (const stream of [false, true]) {
      const e = await oai('gb-429')
        .chat.completions.create({ model, messages: [{ role: 'user', content: 'hi' }], stream })
        .catch((x: unknown) => x);
      expect(e).toBeInstanceOf(OpenAI.RateLimitError);
      expect((e as Error).message).toMatch(model.startsWith('gemini') ? /Quota exceeded/ : /Too many requests/);
      const a = await ant('gb-429')
        .messages.create({ model, max_tokens: 16, messages: [{ role: 'user', content: 'hi' }], stream })
        .catch((x: unknown) => x);
      expect(a).toBeInstanceOf(Anthropic.RateLimitError);
      expect(a).toMatchObject({ status: 429, error: { type: 'error', error: { type: 'rate_limit_error' } } });
    }
  });

  it('a wrong AWS secret: Bedrock refuses the signature (403) and the caller gets an auth error in its format', async () => {
    const e = await oai('gb-wrong')
      .chat.completions.create({ model: 'bedrock-wrong', messages: [{ role: 'user', content: 'hi' }] })
      .catch((x: unknown) => x);
    expect(e).toBeInstanceOf(OpenAI.PermissionDeniedError);
    expect((e as Error).message).toContain('signature we calculated does not match');
    const a = await ant('gb-wrong')
      .messages.create({ model: 'bedrock-wrong', max_tokens: 16, messages: [{ role: 'user', content: 'hi' }], stream: true })
      .catch((x: unknown) => x);
    expect(a).toBeInstanceOf(Anthropic.PermissionDeniedError);
    expect(a).toMatchObject({ status: 403, error: { type: 'error', error: { type: 'permission_error' } } });
    // The wrong secret never went on the wire either.
    expect(JSON.stringify(bedrock.requests.at(-1)?.headers)).not.toContain('not-the-secret');
    const recs = await records('gb-wrong');
    expect(recs.map((r) => [r.provider, r.status])).toEqual([
      ['bedrock-wrong', 403],
      ['bedrock-wrong', 403],
    ]);
  });

  it('falls over from a Gemini 429 to Bedrock (signed afresh), streaming or not', async () => {
    const r = await oai('gb-resilient').chat.completions.create({ model: 'resilient', messages: [{ role: 'user', content: 'Weather?' }], tools: TOOLS }).withResponse();
    expect(r.data.choices[0]?.message.tool_calls?.[0]).toMatchObject({ function: { name: 'get_weather' } });
    expect(r.response.headers.get('x-rampart-attempts')).toMatch(/^gemini\/gemini-fail-429 429 [\d.]+ms, bedrock\/anthropic\.claude-3-5-sonnet-20240620-v1:0 200 [\d.]+ms$/);
    const s = await oai('gb-resilient-stream').chat.completions.stream({ model: 'resilient', messages: [{ role: 'user', content: 'Weather?' }], tools: TOOLS }).finalChatCompletion();
    expect(s.choices[0]?.finish_reason).toBe('tool_calls');
    expect(bedrock.requests.at(-1)?.url).toBe(`/model/${encodeURIComponent(BEDROCK_MODEL)}/converse-stream`);
  });

  it.each(['gemini-cut', 'bedrock-cut'])('a %s stream cut mid-way delivers what came, then an error the SDK raises', async (model) => {
    const s = await oai(`gb-${model}`).chat.completions.create({ model, stream: true, messages: [{ role: 'user', content: 'hi' }] });
    let text = '';
    const e = await (async () => {
      for await (const c of s) text += c.choices[0]?.delta.content ?? '';
    })().catch((x: unknown) => x);
    expect(e).toBeInstanceOf(OpenAI.APIError);
    expect(text.length).toBeGreaterThan(0);
    expect('A long answer that will be cut before it ends.'.startsWith(text)).toBe(true);
    expect(text).not.toBe('A long answer that will be cut before it ends.');
  });

  it.each([
    ['gemini-broken', 'The model is overloaded', 'A long answe'],
    ['bedrock-broken', 'Too many tokens', 'A long answe'],
  ])('%s: the chunks before an error event reach the caller, then the error (none lost)', async (model, message, before) => {
    const s = ant(`gb-${model}`).messages.stream({ model, max_tokens: 64, messages: [{ role: 'user', content: 'hi' }] });
    let text = '';
    s.on('text', (t) => (text += t));
    const e = await s.finalMessage().catch((x: unknown) => x);
    expect(e).toBeInstanceOf(Anthropic.APIError);
    expect(String((e as Error).message)).toContain(message);
    // The fake wrote the text frames and the error in one go, so they reach the decoder in one push.
    expect(text).toBe(before);
  });
});

describe.each(PROVIDERS.flatMap((p) => [false, true].map((stream) => ({ p, stream }))))('gating $p.name replies (stream: $stream)', ({ p, stream }) => {
  it('refuses a send_email whose recipient came only from an injected tool result', async () => {
    const session = `gb-attack-${p.name}-${String(stream)}`;
    const c = oai(session);
    const model = `${p.name}-attack`;
    const tools: ChatCompletionTool[] = [
      { type: 'function', function: { name: 'read_inbox', parameters: { type: 'object', properties: { folder: { type: 'string' } } } } },
      { type: 'function', function: { name: 'send_email', parameters: { type: 'object', properties: { to: { type: 'string' } } } } },
    ];
    const send = (messages: ChatCompletionMessageParam[]): Promise<ChatCompletion> =>
      stream ? c.chat.completions.stream({ model, tools, messages }).finalChatCompletion() : c.chat.completions.create({ model, tools, messages });
    const messages: ChatCompletionMessageParam[] = [{ role: 'user', content: ATTACK_PROMPT }];
    const first = await send(messages);
    const call = first.choices[0]?.message.tool_calls?.[0];
    expect(call?.type === 'function' ? call.function.name : '').toBe('read_inbox');
    messages.push(first.choices[0]?.message as ChatCompletionMessageParam, { role: 'tool', tool_call_id: call?.id ?? '', content: INJECTED_EMAIL });
    const reply = await send(messages);
    expect(reply.choices[0]?.message.tool_calls ?? []).toEqual([]);
    expect(reply.choices[0]?.message.content).toMatch(/^\[Rampart\] The tool call send_email was blocked: .+ \(rule [a-z-]+\)\.$/);
    expect(reply.choices[0]?.finish_reason).toBe('stop');
    await gw.rt.writer.flush();
    expect((await gw.rt.store.sessionEvents(session)).map((r) => [r.event.kind, r.decision.action])).toEqual([
      ['prompt', 'allow'],
      ['tool.call', 'allow'],
      ['tool.result', 'allow'],
      ['tool.call', 'deny'],
    ]);
  });
});
