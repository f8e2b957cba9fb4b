import Anthropic from '@anthropic-ai/sdk';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { rampartSessionId } from '../../src/hooks/session-key.js';
import { startAnthropicFake } from '../fakes/anthropic.js';
import type { FakeServer } from '../fakes/recording-server.js';
import { textStep } from '../fakes/script.js';
import { startLlmHarness, type LlmHarness } from './llm-harness.js';

let fake: FakeServer;
let gw: LlmHarness;
const THINKING = { text: 'The user greets me; a short greeting back will do. Ünïcödé and "quotes" stay exact.', signature: 'EqQBCgIYAhIM1gbcDa9GJwZA2b3hGgxBdjrkzLoky3dl1pkiMOYds=' };

beforeAll(async () => {
  fake = await startAnthropicFake({ script: [textStep('Hello! How can I help you with this repository today?')], textChunk: 7, thinking: THINKING });
  gw = await startLlmHarness({ anthropic: fake });
});
afterAll(async () => {
  await gw.close();
  await fake.close();
});

/** A request shaped like Claude Code's: a `role:"system"` item inside messages, `metadata.user_id` as a JSON string. */
const CLAUDE_CODE_BODY =
  '{"model":"claude-sonnet-4-5-20250929","messages":[{"role":"user","content":[{"type":"text","text":"<system-reminder>ctx</system-reminder>"},{"type":"text","text":"say hi","cache_control":{"type":"ephemeral"}}]},{"role":"system","content":"mid-conversation system turn"}],"system":[{"type":"text","text":"You are Claude Code."}],"tools":[],"metadata":{"user_id":"{\\"device_id\\":\\"d1\\",\\"session_id\\":\\"5e0f\\"}"},"max_tokens":32000,"thinking":{"type":"enabled","budget_tokens":1024},"stream":true}';
const HEADERS = {
  'content-type': 'application/json',
  'anthropic-version': '2023-06-01',
  'anthropic-beta': 'claude-code-20250219,interleaved-thinking-2025-05-14,fine-grained-tool-streaming-2025-05-14',
  'x-api-key': 'sk-ant-caller-key',
  'x-claude-code-session-id': '5e0f2c1a-session',
  'x-app': 'cli',
};

async function postRaw(url: string, body: string): Promise<{ status: number; type: string | null; text: string }> {
  const res = await fetch(url, { method: 'POST', headers: HEADERS, body });
  return { status: res.status, type: res.headers.get('content-type'), text: await res.text() };
}

describe('Anthropic pass-through', () => {
  it('forwards a Claude Code request byte for byte with its query and headers, and streams the reply byte-exact (thinking and signature included)', async () => {
    const via = await postRaw(`${gw.base}/v1/messages?beta=true`, CLAUDE_CODE_BODY);
    const sent = fake.requests.at(-1);
    expect(sent?.url).toBe('/v1/messages?beta=true');
    expect(sent?.raw).toBe(CLAUDE_CODE_BODY);
    expect(sent?.headers).toMatchObject({ 'anthropic-version': '2023-06-01', 'anthropic-beta': HEADERS['anthropic-beta'], 'x-api-key': 'sk-ant-caller-key', 'x-claude-code-session-id': '5e0f2c1a-session', 'x-app': 'cli' });
    const direct = await postRaw(`${fake.url}/v1/messages?beta=true`, CLAUDE_CODE_BODY);
    expect(via.status).toBe(200);
    expect(via.type).toBe('text/event-stream');
    expect(via.text).toBe(direct.text);
    expect(via.text).toContain('"signature_delta"');
  });

  it('returns a non-streaming reply byte-exact', async () => {
    const body = CLAUDE_CODE_BODY.replace('"stream":true', '"stream":false');
    const via = await postRaw(`${gw.base}/v1/messages`, body);
    const direct = await postRaw(`${fake.url}/v1/messages`, body);
    expect(via.text).toBe(direct.text);
    expect(JSON.parse(via.text)).toMatchObject({ content: [{ type: 'thinking', thinking: THINKING.text, signature: THINKING.signature }, { type: 'text' }] });
  });

  it('puts the request in the Claude Code session the hooks use, new turns only', async () => {
    await gw.rt.writer.flush();
    const rows = await gw.rt.store.sessionEvents(rampartSessionId('claude-code', '5e0f2c1a-session'));
    // Two requests carried the same conversation: its one user turn is evaluated once.
    expect(rows.map((r) => [r.event.kind, r.event.source, r.event.actor.agent])).toEqual([['prompt', 'llm', 'claude-code']]);
    expect(rows[0]?.event.kind === 'prompt' ? rows[0].event.text : '').toBe('<system-reminder>ctx</system-reminder>\nsay hi');
  });

  it('passes count_tokens through without inspecting it', async () => {
    const c = new Anthropic({ baseURL: gw.base, apiKey: 'k', maxRetries: 0 });
    const r = await c.messages.countTokens({ model: 'claude-haiku-4-5', messages: [{ role: 'user', content: 'count me' }] });
    expect(r.input_tokens).toBe(JSON.stringify([{ role: 'user', content: 'count me' }]).length);
    expect(fake.requests.at(-1)?.path).toBe('/v1/messages/count_tokens');
    await gw.rt.llmRequests.flush();
    const logged = (await gw.rt.store.listLlmRequests()).find((q) => q.operation === 'count_tokens');
    expect(logged).toMatchObject({ model: 'claude-haiku-4-5', provider: 'anthropic', status: 200, inputTokens: 0, outputTokens: 0 });
  });

  it('never lets a provider speak for the gateway: upstream x-rampart-* headers are dropped', async () => {
    const spoof = await startAnthropicFake({
      script: [textStep('hi')],
      fail: () => ({ status: 400, type: 'invalid_request_error', message: 'no', headers: { 'x-rampart-cache': 'hit', 'x-rampart-route': 'spoofed', 'x-rampart-decision': 'allow' } }),
    });
    const g = await startLlmHarness({ anthropic: spoof });
    try {
      const res = await fetch(`${g.base}/v1/messages`, { method: 'POST', headers: HEADERS, body: JSON.stringify({ model: 'claude-haiku-4-5', max_tokens: 5, messages: [{ role: 'user', content: 'x' }] }) });
      expect(res.status).toBe(400);
      expect(res.headers.get('x-rampart-cache')).toBeNull();
      expect(res.headers.get('x-rampart-decision')).toBeNull();
      expect(res.headers.get('x-rampart-route')).not.toBe('spoofed');
      expect(res.headers.get('x-rampart-route')).toContain('anthropic');
    } finally {
      await g.close();
      await spoof.close();
    }
  });

  it('renames an alias upstream', async () => {
    const c = new Anthropic({ baseURL: gw.base, apiKey: 'k', maxRetries: 0 });
    const r = await c.messages.create({ model: 'sonnet', max_tokens: 5, messages: [{ role: 'user', content: 'alias?' }] });
    expect((fake.requests.at(-1)?.body as { model: string }).model).toBe('claude-sonnet-4-5');
    expect(r.model).toBe('claude-sonnet-4-5');
  });

  it('lists the configured model names in the caller format', async () => {
    const c = new Anthropic({ baseURL: gw.base, apiKey: 'k', maxRetries: 0 });
    const ids: string[] = [];
    for await (const m of c.models.list()) ids.push(m.id);
    expect(ids).toEqual(['claude-slow', 'sonnet']);
    const openai = (await (await fetch(`${gw.base}/v1/models`)).json()) as { object: string; data: { id: string; owned_by: string }[] };
    expect(openai).toMatchObject({ object: 'list', data: [{ id: 'claude-slow', owned_by: 'anthropic-slow' }, { id: 'sonnet', owned_by: 'anthropic' }] });
  });
});
