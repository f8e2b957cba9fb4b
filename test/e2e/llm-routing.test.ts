import Anthropic from '@anthropic-ai/sdk';
import OpenAI from 'openai';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { RoutingClock } from '../../src/llm/routing/clock.js';
import { startAnthropicFake } from '../fakes/anthropic.js';
import type { Misbehaviour } from '../fakes/misbehave.js';
import { startChatFake } from '../fakes/openai-chat.js';
import { startRecordingServer, startSse, type FakeServer, type RecordedRequest } from '../fakes/recording-server.js';
import { textStep } from '../fakes/script.js';
import { startLlmHarness, type LlmHarness } from './llm-harness.js';

/**
 * Routing end to end: the official SDKs against the gateway, in front of two scripted upstreams per format
 * ("a" fails as its model name says, "b" answers). Time is injected: backoff waits are recorded, not slept,
 * and breaker cooldowns pass when the test moves the clock.
 */

const modelOf = (r: RecordedRequest): string => String((r.body as { model?: unknown }).model);
/** How "a" fails for a model name: `a-529`, `a-500`, `a-429` (Retry-After 2 s), `a-429-long` (Retry-After 1 h). */
function failFor(r: RecordedRequest): { status: number; type: string; message: string; headers?: Record<string, string> } | undefined {
  const m = modelOf(r);
  if (m === 'a-429-once' && flaky.next()) return { status: 429, type: 'rate_limit_error', message: 'slow down', headers: { 'retry-after': '2' } };
  if (m === 'a-500' && !healed) return { status: 500, type: 'api_error', message: 'a is broken' };
  if (m.startsWith('a-529')) return { status: 529, type: 'overloaded_error', message: 'a is overloaded' };
  if (m === 'a-429-long') return { status: 429, type: 'rate_limit_error', message: 'come back later', headers: { 'retry-after': '3600' } };
  if (m.startsWith('b-500')) return { status: 500, type: 'api_error', message: 'b is broken too' };
  return undefined;
}
const misbehaveFor = (r: RecordedRequest): Misbehaviour | undefined =>
  modelOf(r) === 'a-hang' ? 'hang' : modelOf(r).endsWith('-reset') ? 'reset' : modelOf(r) === 'a-cut-early' ? 'cut-early' : undefined;

/** Fails every other call, starting with the first. */
const flaky = {
  n: 0,
  next(): boolean {
    return this.n++ % 2 === 0;
  },
};
let healed = false;

/** A clock the test moves; sleeps are recorded and return at once; random draws from a seeded generator. */
function testClock(): RoutingClock & { t: number; slept: number[]; seed: number } {
  return {
    t: 1_000_000,
    slept: [],
    seed: 42,
    now() {
      return this.t;
    },
    async sleep(ms) {
      this.slept.push(ms);
    },
    random() {
      // mulberry32: deterministic, so the weighted split is the same every run.
      let x = (this.seed = (this.seed + 0x6d2b79f5) | 0);
      x = Math.imul(x ^ (x >>> 15), x | 1);
      x ^= x + Math.imul(x ^ (x >>> 7), x | 61);
      return ((x ^ (x >>> 14)) >>> 0) / 4294967296;
    },
  };
}

let antA: FakeServer, antB: FakeServer, oaiA: FakeServer, oaiB: FakeServer, errStream: FakeServer;
let gw: LlmHarness;
const clock = testClock();

beforeAll(async () => {
  antA = await startAnthropicFake({ script: [textStep('answer from a')], fail: failFor, misbehave: misbehaveFor });
  antB = await startAnthropicFake({ script: [textStep('answer from b')], fail: failFor, misbehave: misbehaveFor });
  oaiA = await startChatFake({ script: [textStep('answer from a')], fail: failFor, misbehave: misbehaveFor });
  oaiB = await startChatFake({ script: [textStep('answer from b')], fail: failFor, misbehave: misbehaveFor });
  // A provider that accepts the stream, then sends an error as its first event (Anthropic's overloaded error
  // can arrive this way after a 200).
  errStream = await startRecordingServer((req, res) => {
    startSse(res);
    if (req.path === '/v1/messages') res.end('event: error\ndata: {"type":"error","error":{"type":"overloaded_error","message":"Overloaded"}}\n\n');
    else res.end('data: {"error":{"message":"The server had an error","type":"server_error","param":null,"code":null}}\n\n');
  });
  const two = (a: string, b: string, extra: Record<string, unknown> = {}) => ({ targets: [{ provider: 'a', model: a, timeoutMs: 300 }, { provider: 'b', model: b }], ...extra });
  const twoOai = (a: string, b: string, extra: Record<string, unknown> = {}) => ({ targets: [{ provider: 'oa', model: a, timeoutMs: 300 }, { provider: 'ob', model: b }], ...extra });
  gw = await startLlmHarness({
    routingClock: clock,
    llm: {
      providers: {
        a: { format: 'anthropic', baseUrl: antA.url },
        b: { format: 'anthropic', baseUrl: antB.url },
        oa: { format: 'openai', baseUrl: `${oaiA.url}/v1` },
        ae: { format: 'anthropic', baseUrl: errStream.url },
        oe: { format: 'openai', baseUrl: `${errStream.url}/v1` },
        ob: { format: 'openai', baseUrl: `${oaiB.url}/v1` },
      },
      aliases: { smart: 'claude-529' },
      breaker: { failures: 2, windowMs: 60_000, cooldownMs: 10_000 },
      models: [
        { match: 'claude-529', ...two('a-529', 'b-ok') },
        { match: 'claude-hang', ...two('a-hang', 'b-ok') },
        { match: 'claude-cut-early', ...two('a-cut-early', 'b-ok') },
        { match: 'claude-error-event', targets: [{ provider: 'ae', model: 'e' }, { provider: 'b', model: 'b-ok' }] },
        { match: 'gpt-error-event', targets: [{ provider: 'oe', model: 'e' }, { provider: 'ob', model: 'b-ok' }] },
        { match: 'claude-reset', ...two('a-reset', 'b-ok') },
        { match: 'claude-all-fail', ...two('a-529-all', 'b-500') },
        { match: 'claude-breaker', ...two('a-500', 'b-ok') },
        { match: 'claude-all-open', ...two('a-529-open', 'b-500-open') },
        { match: 'claude-vip', when: { metadata: { tier: 'vip' } }, targets: [{ provider: 'b', model: 'b-vip' }] },
        { match: 'claude-vip', targets: [{ provider: 'a', model: 'a-plain' }] },
        {
          match: 'claude-retry',
          targets: [
            { provider: 'a', model: 'a-429-once', retry: { attempts: 2 } },
            { provider: 'b', model: 'b-ok' },
          ],
        },
        { match: 'claude-retry-long', targets: [{ provider: 'a', model: 'a-429-long', retry: { attempts: 2 } }, { provider: 'b', model: 'b-ok' }] },
        { match: 'gpt-500', ...twoOai('a-500', 'b-ok'), fallbackOn: [500] },
        { match: 'gpt-hang-reset', ...twoOai('a-hang', 'b-reset') },
        { match: 'gpt-weighted', strategy: 'weighted', targets: [{ provider: 'oa', model: 'a-ok', weight: 1 }, { provider: 'ob', model: 'b-ok', weight: 3 }] },
      ],
    },
  });
});
afterAll(async () => {
  await gw.close();
  await Promise.all([antA.close(), antB.close(), oaiA.close(), oaiB.close(), errStream.close()]);
});
beforeEach(() => {
  clock.slept.length = 0;
});

const ant = () => new Anthropic({ baseURL: gw.base, apiKey: 'k', maxRetries: 0 });
const oai = () => new OpenAI({ baseURL: `${gw.base}/v1`, apiKey: 'k', maxRetries: 0 });
const antMsg = (model: string) => ({ model, max_tokens: 10, messages: [{ role: 'user' as const, content: `hello ${model}` }] });
const oaiMsg = (model: string) => ({ model, messages: [{ role: 'user' as const, content: `hello ${model}` }] });
const textOf = (m: Anthropic.Message): string => m.content.map((b) => (b.type === 'text' ? b.text : '')).join('');
const count = (f: FakeServer, model: string): number => f.requests.filter((r) => modelOf(r) === model).length;

describe('LLM routing: fallback', () => {
  it.each([
    ['claude-529', 'a/a-529 529'],
    ['claude-hang', 'a/a-hang timeout'],
    ['claude-reset', 'a/a-reset unreachable'],
  ])('answers %s from the second target when the first fails (%s)', async (model, first) => {
    const { data, response } = await ant().messages.create(antMsg(model)).withResponse();
    expect(textOf(data)).toBe('answer from b');
    expect(response.headers.get('x-rampart-route')).toBe('b/b-ok');
    expect(response.headers.get('x-rampart-attempts')).toMatch(new RegExp(`^${first} \\d+ms, b/b-ok 200 \\d+ms$`));
  });

  it('fails a stream over before its first byte, and the SDK reads the second target stream', async () => {
    const msg = await ant().messages.stream(antMsg('claude-529')).finalMessage();
    expect(textOf(msg)).toBe('answer from b');
  });

  it('fails a stream over when it breaks before its first event', async () => {
    const { data, response } = await ant().messages.stream(antMsg('claude-cut-early')).withResponse();
    expect(response.headers.get('x-rampart-attempts')).toMatch(/^a\/a-cut-early unreachable \d+ms, b\/b-ok 200 \d+ms$/);
    expect(textOf(await data.finalMessage())).toBe('answer from b');
  });

  it('fails a stream over when its first event is an error, in either format', async () => {
    const a = ant().messages.stream(antMsg('claude-error-event'));
    expect(textOf(await a.finalMessage())).toBe('answer from b');
    const { data, response } = await oai().chat.completions.create({ ...oaiMsg('gpt-error-event'), stream: true }).withResponse();
    expect(response.headers.get('x-rampart-attempts')).toMatch(/^oe\/e 500 \d+ms, ob\/b-ok 200 \d+ms$/);
    let text = '';
    for await (const chunk of data) text += chunk.choices[0]?.delta.content ?? '';
    expect(text).toBe('answer from b');
  });

  it('falls over on a configured status for OpenAI callers too', async () => {
    const { data, response } = await oai().chat.completions.create(oaiMsg('gpt-500')).withResponse();
    expect(data.choices[0]?.message.content).toBe('answer from b');
    expect(response.headers.get('x-rampart-attempts')).toMatch(/^oa\/a-500 500 \d+ms, ob\/b-ok 200 \d+ms$/);
  });

  it('answers in the caller format, naming the last upstream status, when every target fails', async () => {
    const e = await ant().messages.create(antMsg('claude-all-fail')).catch((x: unknown) => x);
    expect(e).toBeInstanceOf(Anthropic.InternalServerError);
    expect(e).toMatchObject({ status: 500, error: { type: 'error', error: { type: 'api_error' } } });
    expect((e as Error).message).toContain('all 2 attempts failed (a/a-529-all 529, b/b-500 500); the last upstream, b/b-500, answered 500: b is broken too');
    const o = await oai().chat.completions.create(oaiMsg('gpt-hang-reset')).catch((x: unknown) => x);
    expect(o).toMatchObject({ status: 502, type: 'server_error', code: 'upstream_error' });
    expect((o as Error).message).toContain('all 2 attempts failed: oa/a-hang timeout, ob/b-reset unreachable');
  });
});

describe('LLM routing: retries', () => {
  it('retries a target after the Retry-After it asked for', async () => {
    flaky.n = 0;
    const { data, response } = await ant().messages.create(antMsg('claude-retry')).withResponse();
    expect(textOf(data)).toBe('answer from a');
    expect(clock.slept).toEqual([2000]);
    expect(response.headers.get('x-rampart-attempts')).toMatch(/^a\/a-429-once 429 \d+ms, a\/a-429-once 200 \d+ms$/);
  });

  it('falls over instead of waiting when Retry-After is past the cap', async () => {
    const before = count(antA, 'a-429-long');
    const { data } = await ant().messages.create(antMsg('claude-retry-long')).withResponse();
    expect(textOf(data)).toBe('answer from b');
    expect(count(antA, 'a-429-long') - before).toBe(1);
    expect(clock.slept).toEqual([]);
  });
});

describe('LLM routing: circuit breaker', () => {
  it('opens after N failures, skips the target, half-opens after the cooldown and closes on a good probe', async () => {
    const send = async () => (await ant().messages.create(antMsg('claude-breaker')).withResponse()).response.headers.get('x-rampart-attempts');
    const hitsA = () => count(antA, 'a-500');
    expect(await send()).toMatch(/^a\/a-500 500/);
    expect(await send()).toMatch(/^a\/a-500 500/);
    // Two failures in the window: open. "a" is no longer asked.
    const before = hitsA();
    expect(await send()).toMatch(/^a\/a-500 open 0ms, b\/b-ok 200/);
    expect(hitsA()).toBe(before);
    // Cooldown over: one probe, which fails, so it reopens.
    clock.t += 10_001;
    expect(await send()).toMatch(/^a\/a-500 500/);
    expect(hitsA()).toBe(before + 1);
    expect(await send()).toMatch(/^a\/a-500 open/);
    // The upstream recovers; the next probe succeeds and the breaker closes.
    healed = true;
    clock.t += 10_001;
    const { data, response } = await ant().messages.create(antMsg('claude-breaker')).withResponse();
    expect(textOf(data)).toBe('answer from a');
    expect(response.headers.get('x-rampart-route')).toBe('a/a-500');
    expect(response.headers.get('x-rampart-attempts')).toBeNull();
    expect((await ant().messages.create(antMsg('claude-breaker')).withResponse()).response.headers.get('x-rampart-route')).toBe('a/a-500');
  });
});

describe('LLM routing: every breaker open', () => {
  it('answers 503 with Retry-After in the caller format without asking any upstream', async () => {
    for (let i = 0; i < 2; i++) await expect(ant().messages.create(antMsg('claude-all-open'))).rejects.toMatchObject({ status: 500 });
    const asked = antA.requests.length + antB.requests.length;
    const e = await ant().messages.create(antMsg('claude-all-open')).catch((x: unknown) => x);
    expect(e).toMatchObject({ status: 503, error: { type: 'error', error: { type: 'overloaded_error' } } });
    expect((e as InstanceType<typeof Anthropic.APIError>).headers?.get('retry-after')).toBe('10');
    expect((e as Error).message).toContain('every target of this route is failing and skipped by its circuit breaker (a/a-529-open open, b/b-500-open open)');
    expect(antA.requests.length + antB.requests.length).toBe(asked);
  });
});

describe('LLM routing: load balancing, aliases, conditions', () => {
  it('splits traffic roughly by weight', async () => {
    const routes: string[] = [];
    for (let i = 0; i < 200; i++) routes.push((await oai().chat.completions.create(oaiMsg('gpt-weighted')).withResponse()).response.headers.get('x-rampart-route') ?? '');
    const a = routes.filter((r) => r === 'oa/a-ok').length;
    expect(routes.filter((r) => r === 'ob/b-ok').length).toBe(200 - a);
    // 1:3 → 50 of 200 expected; the seeded draw lands within ±15.
    expect(a).toBeGreaterThanOrEqual(35);
    expect(a).toBeLessThanOrEqual(65);
  });

  it('resolves an alias before routing, and lists it as a model', async () => {
    const { data } = await ant().messages.create(antMsg('smart')).withResponse();
    expect(textOf(data)).toBe('answer from b');
    const models = await ant().models.list();
    expect(models.data.map((m) => m.id)).toContain('smart');
  });

  it('takes a conditional route when the request metadata matches', async () => {
    const vip = await ant().messages.create({ ...antMsg('claude-vip') }, { headers: { 'x-rampart-metadata': '{"tier":"vip"}' } }).withResponse();
    expect(vip.response.headers.get('x-rampart-route')).toBe('b/b-vip');
    const plain = await ant().messages.create(antMsg('claude-vip')).withResponse();
    expect(plain.response.headers.get('x-rampart-route')).toBe('a/a-plain');
    // The header is ours: it never reaches the provider.
    expect(antB.requests.find((r) => modelOf(r) === 'b-vip')?.headers['x-rampart-metadata']).toBeUndefined();
  });
});
