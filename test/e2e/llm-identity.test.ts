import Anthropic from '@anthropic-ai/sdk';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startAnthropicFake } from '../fakes/anthropic.js';
import type { FakeServer } from '../fakes/recording-server.js';
import { textStep } from '../fakes/script.js';
import { startLlmHarness, type LlmHarness } from './llm-harness.js';

// The LLM gateway when identity is required: a Rampart key in, never forwarded; no key, the SDK's own 401.

let fake: FakeServer;
let gw: LlmHarness;
beforeAll(async () => {
  fake = await startAnthropicFake({ script: [textStep('hello')] });
  gw = await startLlmHarness({ anthropic: fake, identity: { required: true } });
});
afterAll(async () => {
  await gw.close();
  await fake.close();
});

const ask = (apiKey: string) => new Anthropic({ apiKey, baseURL: gw.base, maxRetries: 0 }).messages.create({ model: 'claude-sonnet-4-5', max_tokens: 16, messages: [{ role: 'user', content: 'hi' }] });

describe('LLM gateway with identity required', () => {
  it('refuses a caller without a Rampart key in the Anthropic format, and sends nothing upstream', async () => {
    const before = fake.requests.length;
    await expect(ask('sk-ant-not-a-rampart-key')).rejects.toBeInstanceOf(Anthropic.AuthenticationError);
    expect(fake.requests.length).toBe(before);
  });

  it('serves a key with the llm scope and never forwards the key upstream', async () => {
    const { key } = await gw.rt.identity.apiKeys.create({ user: 'dana', scopes: ['llm'] });
    const reply = await ask(key);
    expect(reply.content[0]).toMatchObject({ type: 'text', text: 'hello' });
    const sent = fake.requests.at(-1);
    expect(JSON.stringify(sent?.headers)).not.toContain(key);
    const { key: hooksOnly } = await gw.rt.identity.apiKeys.create({ user: 'eve', scopes: ['hooks'] });
    await expect(ask(hooksOnly)).rejects.toBeInstanceOf(Anthropic.PermissionDeniedError);
  });

  it("logs each request with the key's user, and the refused ones too", async () => {
    await gw.rt.requests.flush();
    const rows = (await gw.rt.store.listRequests()).filter((r) => r.route === '/v1/messages');
    expect(rows.map((r) => [r.status, r.user ?? null])).toEqual(expect.arrayContaining([[200, 'dana'], [401, null], [403, null]]));
    expect(JSON.stringify(rows)).not.toContain('sk-ant-not-a-rampart-key');
    // The model request log names the key by its public id, never the key itself.
    await gw.rt.llmRequests.flush();
    const served = (await gw.rt.store.listLlmRequests()).find((r) => r.user === 'dana' && r.status === 200);
    const dana = (await gw.rt.identity.apiKeys.list()).find((k) => k.user === 'dana');
    // `rk_<id>`: the key's public prefix, as `GET /admin/v1/keys` lists it and `/admin/v1/llm/spend?key=` takes it.
    expect(served?.keyId).toBe(dana?.prefix);
    expect(dana?.prefix).toMatch(/^rk_/);
  });
});
