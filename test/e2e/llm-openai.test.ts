import OpenAI from 'openai';
import type { ChatCompletion, ChatCompletionMessageParam, ChatCompletionTool } from 'openai/resources/chat/completions';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startChatFake } from '../fakes/openai-chat.js';
import type { FakeServer } from '../fakes/recording-server.js';
import { ATTACK_PROMPT, ATTACK_SCRIPT, BENIGN_EMAIL, BENIGN_PROMPT, BENIGN_SCRIPT, INJECTED_EMAIL, startLlmHarness, type LlmHarness } from './llm-harness.js';

let attack: FakeServer;
let benign: FakeServer;
let gwAttack: LlmHarness;
let gwBenign: LlmHarness;

beforeAll(async () => {
  attack = await startChatFake({ script: ATTACK_SCRIPT, textChunk: 5, argsChunk: 6 });
  benign = await startChatFake({ script: BENIGN_SCRIPT, textChunk: 5, argsChunk: 6 });
  gwAttack = await startLlmHarness({ openai: attack });
  gwBenign = await startLlmHarness({ openai: benign });
});
afterAll(async () => {
  await gwAttack.close();
  await gwBenign.close();
  await attack.close();
  await benign.close();
});

const TOOLS: ChatCompletionTool[] = [
  { type: 'function', function: { name: 'read_inbox', description: 'Read the latest mail in a folder.', parameters: { type: 'object', properties: { folder: { type: 'string' } } } } },
  { type: 'function', function: { name: 'send_email', description: 'Send an email.', parameters: { type: 'object', properties: { to: { type: 'string' }, subject: { type: 'string' }, body: { type: 'string' } } } } },
];

function client(base: string, session: string): OpenAI {
  return new OpenAI({ baseURL: `${base}/v1`, apiKey: 'sk-caller', maxRetries: 0, defaultHeaders: { 'x-rampart-session': session } });
}

async function twoTurns(c: OpenAI, o: { prompt: string; mail: string; stream: boolean }): Promise<ChatCompletion> {
  const send = async (messages: ChatCompletionMessageParam[]): Promise<ChatCompletion> =>
    o.stream
      ? c.chat.completions.stream({ model: 'gpt-test', tools: TOOLS, messages }).finalChatCompletion()
      : c.chat.completions.create({ model: 'gpt-test', tools: TOOLS, messages });
  const messages: ChatCompletionMessageParam[] = [{ role: 'user', content: o.prompt }];
  const first = await send(messages);
  const call = first.choices[0]?.message.tool_calls?.[0];
  expect(call).toMatchObject({ type: 'function', function: { name: 'read_inbox', arguments: '{"folder":"inbox"}' } });
  messages.push(first.choices[0]?.message as ChatCompletionMessageParam, { role: 'tool', tool_call_id: call?.id ?? '', content: o.mail });
  return send(messages);
}

describe.each([false, true])('OpenAI Chat Completions through the gateway (stream: %s)', (stream) => {
  it('replaces a send_email whose recipient came only from an injected tool result with a refusal, and stores why', async () => {
    const session = `openai-attack-${String(stream)}`;
    const reply = await twoTurns(client(gwAttack.base, session), { prompt: ATTACK_PROMPT, mail: INJECTED_EMAIL, stream });
    const choice = reply.choices[0];
    expect(choice?.message.tool_calls ?? []).toEqual([]);
    expect(choice?.message.content).toMatch(/^\[Rampart\] The tool call send_email was blocked: .+ \(rule [a-z-]+\)\.$/);
    expect(choice?.finish_reason).toBe('stop');
    await gwAttack.rt.writer.flush();
    const rows = await gwAttack.rt.store.sessionEvents(session);
    expect(rows.map((r) => [r.event.kind, r.event.source, r.decision.action])).toEqual([
      ['prompt', 'llm', 'allow'],
      ['tool.call', 'llm', 'allow'],
      ['tool.result', 'llm', 'allow'],
      ['tool.call', 'llm', 'deny'],
    ]);
    const result = rows[2]?.event;
    expect(result?.kind === 'tool.result' ? result.tool.name : '').toBe('read_inbox');
  });

  it('passes the benign twin: a send_email to the address the user gave, arguments assembled whole', async () => {
    const session = `openai-benign-${String(stream)}`;
    const reply = await twoTurns(client(gwBenign.base, session), { prompt: BENIGN_PROMPT, mail: BENIGN_EMAIL, stream });
    const choice = reply.choices[0];
    expect(choice?.finish_reason).toBe('tool_calls');
    expect(choice?.message.tool_calls?.map((c) => (c.type === 'function' ? [c.function.name, JSON.parse(c.function.arguments)] : []))).toEqual([
      ['send_email', { to: 'bob@example.com', subject: 'Re: Lunch', body: 'Noon on Friday works.' }],
    ]);
    await gwBenign.rt.writer.flush();
    expect((await gwBenign.rt.store.sessionEvents(session)).map((r) => r.decision.action)).toEqual(['allow', 'allow', 'allow', 'allow']);
  });
});

describe('the configured key', () => {
  it('replaces the caller credentials upstream when the provider has one', async () => {
    await client(gwBenign.base, 'openai-key').chat.completions.create({ model: 'gpt-test', messages: [{ role: 'user', content: 'hi' }] });
    const last = benign.requests.at(-1);
    expect(last?.headers['authorization']).toBe('Bearer sk-configured-upstream');
    expect(last?.headers['x-rampart-session']).toBeUndefined();
  });
});
