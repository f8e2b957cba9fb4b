import Anthropic from '@anthropic-ai/sdk';
import OpenAI from 'openai';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { startAnthropicFake } from '../fakes/anthropic.js';
import { startChatFake } from '../fakes/openai-chat.js';
import type { FakeServer, RecordedRequest } from '../fakes/recording-server.js';
import { textStep } from '../fakes/script.js';
import { startLlmHarness, type LlmHarness } from './llm-harness.js';

// Keys and money (issue 5 §3) through the official SDKs: RPM and TPM limits answer 429 with Retry-After, spent
// budgets refuse in the caller's format, streams settle to their real usage (a client leaving mid-stream
// included), spend survives a restart, and parallel requests cannot overspend.

const ADMIN = 'admin-token-for-quota-tests';
// A real reply costs: claude-sonnet-4-5 12 in × $3 + 7 out × $15 per million.
const SONNET_COST = (12 * 3 + 7 * 15) / 1e6;

const HOLD = (r: RecordedRequest) => (JSON.stringify(r.body).includes('HOLD THE STREAM') ? ('hold' as const) : undefined);

let anthropic: FakeServer;
let openai: FakeServer;
let gw: LlmHarness;
let closed: () => void = () => undefined;
const quotas = {
  teams: { research: { models: { 'claude-opus-*': { budget: { usd: 0.003, period: 'monthly' } } } } },
  users: { capped: { budget: { usd: 0.0006, period: 'daily' } } },
};
const identity = { required: true, adminToken: ADMIN };

beforeAll(async () => {
  anthropic = await startAnthropicFake({ script: [textStep('A reply long enough to arrive in several deltas.')], misbehave: HOLD, onClientClose: () => closed() });
  openai = await startChatFake({ script: [textStep('A reply long enough to arrive in several deltas.')], misbehave: HOLD, onClientClose: () => closed() });
  gw = await startLlmHarness({ anthropic, openai, identity, quotas });
});
afterAll(async () => {
  await gw.close();
  await anthropic.close();
  await openai.close();
});

async function admin(path: string, init: { method?: string; body?: unknown } = {}, base = gw.base): Promise<{ status: number; json: Record<string, unknown> }> {
  const res = await fetch(`${base}/admin/v1${path}`, {
    method: init.method ?? 'GET',
    headers: { authorization: `Bearer ${ADMIN}`, ...(init.body === undefined ? {} : { 'content-type': 'application/json' }) },
    ...(init.body === undefined ? {} : { body: JSON.stringify(init.body) }),
  });
  return { status: res.status, json: (await res.json()) as Record<string, unknown> };
}

async function createKey(body: Record<string, unknown>): Promise<{ key: string; prefix: string }> {
  const r = await admin('/keys', { method: 'POST', body });
  expect(r.status).toBe(201);
  return { key: r.json['key'] as string, prefix: r.json['prefix'] as string };
}

interface Limit {
  kind: string;
  label: string;
  period: string;
  limit?: number;
  used: number;
}
async function spendOf(query: string, base = gw.base): Promise<Limit[]> {
  await gw.rt.spend.flush();
  const r = await admin(`/llm/spend?${query}`, {}, base);
  expect(r.status).toBe(200);
  return ((r.json['spend'] as { limits: Limit[] }[])[0] as { limits: Limit[] }).limits;
}
const lifetime = (limits: Limit[]): number => limits.find((l) => l.kind === 'usd' && l.period === 'none')?.used ?? Number.NaN;

const ant = (apiKey: string, base = gw.base) => new Anthropic({ apiKey, baseURL: base, maxRetries: 0 });
const oai = (apiKey: string) => new OpenAI({ apiKey, baseURL: `${gw.base}/v1`, maxRetries: 0 });
const antReq = (model = 'claude-sonnet-4-5') => ({ model, max_tokens: 32, messages: [{ role: 'user' as const, content: 'Say hello.' }] });
const oaiReq = { model: 'gpt-4o', max_tokens: 32, messages: [{ role: 'user' as const, content: 'Say hello.' }] };

describe('rate limits', () => {
  it('answers the request past a key’s RPM with a 429 the OpenAI SDK raises as RateLimitError, with Retry-After', async () => {
    const { key } = await createKey({ user: 'rpm-user', limits: { rpm: 2 } });
    const first = await oai(key).chat.completions.create(oaiReq).withResponse();
    expect(first.response.headers.get('x-ratelimit-limit-requests')).toBe('2');
    expect(first.response.headers.get('x-ratelimit-remaining-requests')).toBe('1');
    await oai(key).chat.completions.create(oaiReq);
    const before = openai.requests.length;
    const err = await oai(key).chat.completions.create(oaiReq).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(OpenAI.RateLimitError);
    const e = err as InstanceType<typeof OpenAI.RateLimitError>;
    expect(e.status).toBe(429);
    expect(e.message).toContain('allows 2 requests per minute');
    expect(Number(e.headers?.get('retry-after'))).toBeGreaterThanOrEqual(1);
    expect(Number(e.headers?.get('retry-after'))).toBeLessThanOrEqual(60);
    expect(e.headers?.get('x-ratelimit-remaining-requests')).toBe('0');
    expect(openai.requests.length).toBe(before);
  });

  it('refuses past a TPM limit in the Anthropic format, which the Anthropic SDK raises as RateLimitError', async () => {
    // Each request reserves 40 tokens (8 input estimated, 32 max_tokens) and settles to its real 19: after
    // three, 57 are used and a fourth's 40 would pass 90.
    const { key } = await createKey({ user: 'tpm-user', limits: { tpm: 90 } });
    await ant(key).messages.create(antReq());
    await ant(key).messages.create(antReq());
    await ant(key).messages.create(antReq());
    const err = await ant(key).messages.create(antReq()).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(Anthropic.RateLimitError);
    expect((err as Error).message).toContain('tokens per minute');
  });
});

describe('budgets', () => {
  it('refuses once a key’s budget is spent, as a 400 in each format', async () => {
    // $0.001 a month: a request reserves ~$0.0005 (32 output tokens at $15) and settles to $0.000141.
    const { key, prefix } = await createKey({ user: 'budget-user', limits: { budget: { usd: 0.001, period: 'monthly' } } });
    let served = 0;
    let refusal: unknown;
    for (let i = 0; i < 10 && refusal === undefined; i++) {
      await ant(key)
        .messages.create(antReq())
        .then(() => served++)
        .catch((e: unknown) => (refusal = e));
    }
    expect(served).toBe(4); // 4 × 0.000141 + 0.000507 > 0.001
    expect(refusal).toBeInstanceOf(Anthropic.BadRequestError);
    expect((refusal as Error).message).toMatch(/budget exceeded: key rk_\w+ has used \$0\.0006 of its monthly budget of \$0\.0010/);
    const o = await oai(key).chat.completions.create({ ...oaiReq, max_tokens: 100 }).catch((e: unknown) => e);
    expect(o).toBeInstanceOf(OpenAI.BadRequestError);
    expect((o as InstanceType<typeof OpenAI.BadRequestError>).code).toBe('budget_exceeded');
    const limits = await spendOf(`key=${prefix}`);
    expect(lifetime(limits)).toBeCloseTo(4 * SONNET_COST, 12);
    expect(limits.find((l) => l.period === 'monthly')).toMatchObject({ limit: 0.001 });
  });

  it('enforces a configured user budget and a team’s per-model budget across keys', async () => {
    const a = await createKey({ user: 'capped' });
    const b = await createKey({ user: 'capped' });
    await ant(a.key).messages.create(antReq()); // $0.000141 of $0.0006; the next reserves $0.000507 more
    await expect(ant(b.key).messages.create(antReq())).rejects.toThrow(/user capped has used \$0\.0001/);
    // Opus ($15/$75): a request reserves $0.00252 and settles to $0.000705, against the team's $0.003 for opus.
    const t = await createKey({ user: 'opus-user', team: 'research' });
    await ant(t.key).messages.create(antReq('claude-opus-4-1'));
    await ant(t.key).messages.create({ ...antReq('claude-opus-4-1'), max_tokens: 1 });
    await expect(ant(t.key).messages.create(antReq('claude-opus-4-1'))).rejects.toThrow(/claude-opus-\* for team research has used \$0\.0014/);
    // Other models are outside the opus budget.
    await expect(ant(t.key).messages.create(antReq())).resolves.toBeDefined();
  }, 20_000);

  it('refuses a model the key is not allowed, as the SDK’s PermissionDeniedError', async () => {
    const { key } = await createKey({ user: 'narrow', limits: { allowedModels: ['gpt-*'] } });
    await expect(oai(key).chat.completions.create(oaiReq)).resolves.toBeDefined();
    await expect(ant(key).messages.create(antReq())).rejects.toBeInstanceOf(Anthropic.PermissionDeniedError);
  });

  it('refuses a model without a price under a budget (it would settle free), and serves it without one', async () => {
    const { key } = await createKey({ user: 'unpriced-user', limits: { budget: { usd: 5, period: 'monthly' } } });
    const before = anthropic.requests.length;
    const err = await ant(key).messages.create(antReq('claude-unreleased-9')).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(Anthropic.PermissionDeniedError);
    expect(String(err)).toContain('claude-unreleased-9 has no price');
    expect(anthropic.requests.length).toBe(before);
    const free = await createKey({ user: 'unbudgeted-user' });
    await expect(ant(free.key).messages.create(antReq('claude-unreleased-9'))).resolves.toBeDefined();
  });

  it('lets parallel requests spend no more than the budget', async () => {
    const { key, prefix } = await createKey({ user: 'parallel', limits: { budget: { usd: 0.002, period: 'daily' } } });
    const before = anthropic.requests.length;
    const results = await Promise.allSettled(Array.from({ length: 12 }, () => ant(key).messages.create(antReq())));
    const ok = results.filter((r) => r.status === 'fulfilled').length;
    // Each holds ~$0.0005 while in flight: at most 3 fit at once under $0.002, so not all 12 can pass.
    expect(ok).toBeGreaterThanOrEqual(3);
    expect(ok).toBeLessThan(12);
    expect(anthropic.requests.length - before).toBe(ok);
    expect(lifetime(await spendOf(`key=${prefix}`))).toBeLessThanOrEqual(0.002);
  });
});

describe('settling streams', () => {
  it('settles an Anthropic stream to its reported usage', async () => {
    const { key, prefix } = await createKey({ user: 'streamer' });
    await ant(key).messages.stream(antReq()).finalMessage();
    expect(lifetime(await spendOf(`key=${prefix}`))).toBeCloseTo(SONNET_COST, 12);
  });

  it('settles an OpenAI stream with include_usage to its usage, and one without to an estimate', async () => {
    const { key, prefix } = await createKey({ user: 'oai-streamer' });
    const s = await oai(key).chat.completions.create({ ...oaiReq, stream: true, stream_options: { include_usage: true } });
    for await (const c of s) void c;
    // 12 prompt tokens of which 2 cached ($1.25), 7 out.
    expect(lifetime(await spendOf(`key=${prefix}`))).toBeCloseTo((10 * 2.5 + 2 * 1.25 + 7 * 10) / 1e6, 12);
    const k2 = await createKey({ user: 'oai-streamer-2' });
    const s2 = await oai(k2.key).chat.completions.create({ ...oaiReq, stream: true });
    for await (const c of s2) void c;
    // No usage reported: estimated, never free.
    expect(lifetime(await spendOf(`key=${k2.prefix}`))).toBeGreaterThan(0);
  });

  it.each([
    ['/v1/messages', 'claude-sonnet-4-5'],
    ['/v1/chat/completions', 'gpt-4o'],
  ])('still charges a stream the client leaves midway (%s)', async (path, model) => {
    // The fake sends the first frames, then holds the stream open until the client leaves.
    const { key, prefix } = await createKey({ user: `leaver-${model}` });
    const upstreamClosed = new Promise<void>((resolve) => (closed = resolve));
    const ac = new AbortController();
    const res = await fetch(`${gw.base}${path}`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'x-api-key': key, authorization: `Bearer ${key}` },
      body: JSON.stringify({ model, max_tokens: 64, stream: true, messages: [{ role: 'user', content: 'HOLD THE STREAM' }] }),
      signal: ac.signal,
    });
    expect(res.status).toBe(200);
    await (res.body as ReadableStream<Uint8Array>).getReader().read();
    ac.abort();
    await upstreamClosed;
    await vi.waitFor(async () => expect(lifetime(await spendOf(`key=${prefix}`))).toBeGreaterThan(0), { timeout: 2000, interval: 20 });
  });
});

describe('persistence', () => {
  it('keeps spend across a restart on the same store, and the admin API reads it back', async () => {
    const data = gw.rt.config.data;
    const { key, prefix } = await createKey({ user: 'restart-user', team: 'restart-team', limits: { budget: { usd: 0.0007, period: 'monthly' } } });
    await ant(key).messages.create(antReq());
    await ant(key).messages.create(antReq()); // $0.000282 of $0.0007 spent; a third needs $0.0005 more
    await expect(ant(key).messages.create(antReq())).rejects.toThrow(/budget exceeded/);
    await gw.rt.spend.flush(); // what close() does on shutdown
    const again = await startLlmHarness({ anthropic, openai, identity, quotas, data });
    try {
      await expect(ant(key, again.base).messages.create(antReq())).rejects.toThrow(/has used \$0\.0003 of its monthly budget/);
      const r = await admin('/llm/spend', {}, again.base);
      const rows = r.json['spend'] as { kind: string; name: string; limits: Limit[] }[];
      expect(lifetime(rows.find((x) => x.kind === 'key' && x.name === prefix)?.limits ?? [])).toBeCloseTo(2 * SONNET_COST, 12);
      expect(lifetime(rows.find((x) => x.kind === 'team' && x.name === 'restart-team')?.limits ?? [])).toBeCloseTo(2 * SONNET_COST, 12);
      expect(rows.find((x) => x.kind === 'user' && x.name === 'restart-user')).toBeDefined();
    } finally {
      await again.close();
    }
  });
});

describe('admin API', () => {
  it('refuses bad limits at key creation with the field named', async () => {
    const r = await admin('/keys', { method: 'POST', body: { user: 'x', limits: { rpm: -1 } } });
    expect(r.status).toBe(400);
    expect(JSON.stringify(r.json)).toContain('limits.rpm');
    const unknown = await admin('/llm/spend?key=rk_0000000000000000');
    expect(unknown.status).toBe(404);
  });

  it("replaces a key's limits, effective on its next request", async () => {
    const { key, prefix } = await createKey({ user: 'changing' });
    await oai(key).chat.completions.create(oaiReq);
    const put = await admin(`/keys/${prefix}/limits`, { method: 'PUT', body: { team: 'research', limits: { allowedModels: ['claude-*'] } } });
    expect(put.status).toBe(200);
    await expect(oai(key).chat.completions.create(oaiReq)).rejects.toBeInstanceOf(OpenAI.PermissionDeniedError);
    const listed = await admin('/keys');
    expect((listed.json['keys'] as { prefix: string; team?: string }[]).find((k) => k.prefix === prefix)?.team).toBe('research');
    expect((await admin('/keys/rk_0000000000000000/limits', { method: 'PUT', body: {} })).status).toBe(404);
    expect((await admin(`/keys/${prefix}/limits`, { method: 'PUT', body: { limits: { budget: { usd: -1 } } } })).status).toBe(400);
  });
});
