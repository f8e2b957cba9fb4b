import Anthropic from '@anthropic-ai/sdk';
import OpenAI from 'openai';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startAnthropicFake } from '../fakes/anthropic.js';
import { startChatFake } from '../fakes/openai-chat.js';
import type { FakeServer, RecordedRequest } from '../fakes/recording-server.js';
import { textStep } from '../fakes/script.js';
import { parseSse } from '../fakes/test-sse.js';
import { startLlmHarness, type LlmHarness } from './llm-harness.js';

const SCRIPT = [textStep('A long enough answer to arrive in several deltas.')];
const modelOf = (r: RecordedRequest): string => String((r.body as { model?: unknown }).model);
const FAIL = (r: RecordedRequest) =>
  modelOf(r).endsWith('-overloaded') ? { status: 529, type: 'overloaded_error', message: 'busy upstream' } : modelOf(r).endsWith('-bad') ? { status: 400, type: 'invalid_request_error', message: 'max_tokens: required' } : undefined;
const MISBEHAVE = (r: RecordedRequest) => (modelOf(r).endsWith('-slow') ? 'hang' : modelOf(r).endsWith('-cut') ? 'cut' : modelOf(r).endsWith('-hold') ? 'hold' : undefined);

let closed: () => void = () => undefined;
let anthropic: FakeServer;
let openai: FakeServer;
let gw: LlmHarness;

beforeAll(async () => {
  const onClientClose = () => closed();
  anthropic = await startAnthropicFake({ script: SCRIPT, fail: FAIL, misbehave: MISBEHAVE, onClientClose });
  openai = await startChatFake({ script: SCRIPT, fail: FAIL, misbehave: MISBEHAVE, onClientClose });
  gw = await startLlmHarness({ anthropic, openai, timeoutMs: 300, maxBodyBytes: 64 * 1024 });
});
afterAll(async () => {
  await gw.close();
  await anthropic.close();
  await openai.close();
});

const ant = () => new Anthropic({ baseURL: gw.base, apiKey: 'k', maxRetries: 0 });
const oai = () => new OpenAI({ baseURL: `${gw.base}/v1`, apiKey: 'k', maxRetries: 0 });
const antMsg = (model: string) => ({ model, max_tokens: 10, messages: [{ role: 'user' as const, content: `hello ${model}` }] });
const oaiMsg = (model: string) => ({ model, messages: [{ role: 'user' as const, content: `hello ${model}` }] });

async function post(path: string, body: string): Promise<{ status: number; json: unknown }> {
  const res = await fetch(`${gw.base}${path}`, { method: 'POST', headers: { 'content-type': 'application/json' }, body });
  return { status: res.status, json: await res.json() };
}

describe('LLM gateway errors in the caller format', () => {
  it('answers malformed JSON with 400 in each format', async () => {
    expect(await post('/v1/messages', '{"model": "claude-x", ')).toEqual({ status: 400, json: { type: 'error', error: { type: 'invalid_request_error', message: 'the request body is not a JSON object' } } });
    expect(await post('/v1/chat/completions', '[1,2')).toEqual({ status: 400, json: { error: { type: 'invalid_request_error', message: 'the request body is not a JSON object', param: null, code: 'parse_error' } } });
    expect(await post('/v1/messages', '{"model": "claude-x"}')).toMatchObject({ status: 400, json: { error: { message: 'messages: an array is required' } } });
  });

  it('answers an oversized body with 413 in the caller format', async () => {
    const big = JSON.stringify({ model: 'claude-x', max_tokens: 1, messages: [{ role: 'user', content: 'x'.repeat(100_000) }] });
    expect(await post('/v1/messages', big)).toMatchObject({ status: 413, json: { type: 'error', error: { type: 'request_too_large' } } });
    expect(await post('/v1/chat/completions', big)).toMatchObject({ status: 413, json: { error: { type: 'invalid_request_error', code: 'payload_too_large' } } });
  });

  it('answers an unknown model with 404, as each SDK reads it', async () => {
    await expect(ant().messages.create(antMsg('mistral-large'))).rejects.toMatchObject({ status: 404, error: { type: 'error', error: { type: 'not_found_error' } } });
    const e = await oai().chat.completions.create(oaiMsg('mistral-large')).catch((x: unknown) => x);
    expect(e).toBeInstanceOf(OpenAI.NotFoundError);
    expect(e).toMatchObject({ status: 404, code: 'model_not_found', type: 'not_found_error' });
    expect((e as Error).message).toContain('model mistral-large is not configured');
  });

  it('translates a model whose provider speaks the other format, but not count_tokens, which has no equivalent', async () => {
    await expect(ant().messages.create(antMsg('gpt-4o'))).resolves.toMatchObject({ type: 'message', role: 'assistant', model: 'gpt-4o' });
    await expect(ant().messages.countTokens({ model: 'gpt-4o', messages: [{ role: 'user', content: 'hi' }] })).rejects.toMatchObject({
      status: 400,
      error: { type: 'error', error: { type: 'invalid_request_error', message: expect.stringContaining('this endpoint is not translated') } },
    });
  });

  it('passes upstream 4xx and 5xx through unchanged', async () => {
    await expect(ant().messages.create(antMsg('claude-overloaded'))).rejects.toMatchObject({ status: 529, error: { type: 'error', error: { type: 'overloaded_error', message: 'busy upstream' } } });
    await expect(oai().chat.completions.create(oaiMsg('gpt-bad'))).rejects.toMatchObject({ status: 400, type: 'invalid_request_error', message: expect.stringContaining('max_tokens: required') });
    await expect(oai().chat.completions.create(oaiMsg('gpt-overloaded'))).rejects.toBeInstanceOf(OpenAI.InternalServerError);
  });

  it('answers an upstream that does not answer in time with 504', async () => {
    await expect(ant().messages.create(antMsg('claude-slow'))).rejects.toMatchObject({ status: 504, error: { error: { type: 'api_error', message: 'the upstream provider did not answer in time' } } });
    await expect(oai().chat.completions.create(oaiMsg('gpt-slow'))).rejects.toMatchObject({ status: 504, type: 'timeout' });
  });

  it('ends a stream reset mid-way with the format error event, which each SDK raises', async () => {
    const res = await fetch(`${gw.base}/v1/messages`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ ...antMsg('claude-cut'), stream: true }) });
    const events = parseSse(await res.text());
    expect(events.map((e) => e.event)).toEqual(['message_start', 'ping', 'error']);
    expect(events[2]?.data).toEqual({ type: 'error', error: { type: 'api_error', message: 'the upstream stream was interrupted' } });
    await expect(ant().messages.stream(antMsg('claude-cut')).finalMessage()).rejects.toThrow('the upstream stream was interrupted');
    await expect(oai().chat.completions.stream(oaiMsg('gpt-cut')).finalChatCompletion()).rejects.toThrow('the upstream stream was interrupted');
  });

  it.each([
    ['/v1/messages', antMsg('claude-hold')],
    ['/v1/chat/completions', oaiMsg('gpt-hold')],
  ])('cancels the upstream request when the client disconnects mid-stream (%s)', async (path, body) => {
    const upstreamClosed = new Promise<void>((resolve) => (closed = resolve));
    const ac = new AbortController();
    const res = await fetch(`${gw.base}${path}`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ ...body, stream: true }), signal: ac.signal });
    const reader = (res.body as ReadableStream<Uint8Array>).getReader();
    const first = await reader.read();
    expect(new TextDecoder().decode(first.value)).toContain('data: ');
    ac.abort();
    await upstreamClosed;
  });
});
