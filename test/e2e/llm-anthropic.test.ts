import Anthropic from '@anthropic-ai/sdk';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startAnthropicFake } from '../fakes/anthropic.js';
import type { FakeServer } from '../fakes/recording-server.js';
import { ATTACK_PROMPT, ATTACK_SCRIPT, BENIGN_EMAIL, BENIGN_PROMPT, BENIGN_SCRIPT, INJECTED_EMAIL, startLlmHarness, type LlmHarness } from './llm-harness.js';

let attack: FakeServer;
let benign: FakeServer;
let gwAttack: LlmHarness;
let gwBenign: LlmHarness;

beforeAll(async () => {
  attack = await startAnthropicFake({ script: ATTACK_SCRIPT, textChunk: 5, inputChunk: 7 });
  benign = await startAnthropicFake({ script: BENIGN_SCRIPT, textChunk: 5, inputChunk: 7 });
  gwAttack = await startLlmHarness({ anthropic: attack });
  gwBenign = await startLlmHarness({ anthropic: benign });
});
afterAll(async () => {
  await gwAttack.close();
  await gwBenign.close();
  await attack.close();
  await benign.close();
});

const TOOLS: Anthropic.Tool[] = [
  { name: 'read_inbox', description: 'Read the latest mail in a folder.', input_schema: { type: 'object', properties: { folder: { type: 'string' } } } },
  { name: 'send_email', description: 'Send an email.', input_schema: { type: 'object', properties: { to: { type: 'string' }, subject: { type: 'string' }, body: { type: 'string' } } } },
];

function client(base: string, session: string): Anthropic {
  return new Anthropic({ baseURL: base, apiKey: 'sk-ant-caller', maxRetries: 0, defaultHeaders: { 'x-rampart-session': session } });
}

/** Plays the two turns of the scenario: the inbox read, then the reply after the mail comes back. */
async function twoTurns(c: Anthropic, o: { prompt: string; mail: string; stream: boolean }): Promise<Anthropic.Message> {
  const send = async (messages: Anthropic.MessageParam[]): Promise<Anthropic.Message> =>
    o.stream
      ? c.messages.stream({ model: 'claude-test', max_tokens: 256, tools: TOOLS, messages }).finalMessage()
      : c.messages.create({ model: 'claude-test', max_tokens: 256, tools: TOOLS, messages });
  const messages: Anthropic.MessageParam[] = [{ role: 'user', content: o.prompt }];
  const first = await send(messages);
  const read = first.content.find((b) => b.type === 'tool_use');
  expect(read).toMatchObject({ type: 'tool_use', name: 'read_inbox', input: { folder: 'inbox' } });
  messages.push({ role: 'assistant', content: first.content }, { role: 'user', content: [{ type: 'tool_result', tool_use_id: (read as Anthropic.ToolUseBlock).id, content: o.mail }] });
  return send(messages);
}

describe.each([false, true])('Anthropic Messages through the gateway (stream: %s)', (stream) => {
  it('replaces a send_email whose recipient came only from an injected tool result with a refusal, and stores why', async () => {
    const session = `anthropic-attack-${String(stream)}`;
    const reply = await twoTurns(client(gwAttack.base, session), { prompt: ATTACK_PROMPT, mail: INJECTED_EMAIL, stream });
    expect(reply.content.some((b) => b.type === 'tool_use')).toBe(false);
    const text = reply.content.find((b) => b.type === 'text');
    expect(text?.type === 'text' ? text.text : '').toMatch(/^\[Rampart\] The tool call send_email was blocked: .+ \(rule [a-z-]+\)\.$/);
    expect(reply.stop_reason).toBe('end_turn');
    await gwAttack.rt.writer.flush();
    const rows = await gwAttack.rt.store.sessionEvents(session);
    expect(rows.map((r) => [r.event.kind, r.event.source, r.decision.action])).toEqual([
      ['prompt', 'llm', 'allow'],
      ['tool.call', 'llm', 'allow'],
      ['tool.result', 'llm', 'allow'],
      ['tool.call', 'llm', 'deny'],
    ]);
    const denied = rows[3]?.event;
    expect(denied?.kind === 'tool.call' ? [denied.tool.name, denied.args['to']] : []).toEqual(['send_email', 'exfil@attacker.example']);
  });

  it('passes the benign twin: a send_email to the address the user gave', async () => {
    const session = `anthropic-benign-${String(stream)}`;
    const reply = await twoTurns(client(gwBenign.base, session), { prompt: BENIGN_PROMPT, mail: BENIGN_EMAIL, stream });
    expect(reply.stop_reason).toBe('tool_use');
    expect(reply.content).toEqual([expect.objectContaining({ type: 'tool_use', name: 'send_email', input: { to: 'bob@example.com', subject: 'Re: Lunch', body: 'Noon on Friday works.' } })]);
    await gwBenign.rt.writer.flush();
    const rows = await gwBenign.rt.store.sessionEvents(session);
    expect(rows.map((r) => r.decision.action)).toEqual(['allow', 'allow', 'allow', 'allow']);
  });
});
