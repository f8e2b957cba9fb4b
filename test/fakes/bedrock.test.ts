import { afterEach, describe, expect, it } from 'vitest';
import type { ChatChunk, ChatRequest, ProviderRequest } from '../../src/llm/canonical/chat.js';
import { bedrockCodec } from '../../src/llm/providers/bedrock/codec.js';
import { signBedrock } from '../../src/llm/providers/bedrock/sign.js';
import { startBedrockFake, TEST_AWS_CREDENTIALS, type BedrockFakeOptions } from './bedrock.js';
import type { FakeServer } from './recording-server.js';
import { textStep, toolStep } from './script.js';

let fake: FakeServer;
afterEach(() => fake.close());

const SCRIPT = [toolStep('read_file', { path: 'notes.txt' }), textStep((t) => `The file says: ${t.lastToolResult ?? '-'}`)];
const MODEL = 'anthropic.claude-3-5-haiku-20241022-v1:0';
const FIRST: ChatRequest = {
  model: MODEL,
  messages: [{ role: 'system', content: 'Be terse.' }, { role: 'user', content: 'read notes.txt' }],
  tools: [{ type: 'function', function: { name: 'read_file', parameters: { type: 'object', properties: { path: { type: 'string' } } } } }],
};

async function start(o: Partial<BedrockFakeOptions> = {}): Promise<void> {
  fake = await startBedrockFake({ script: SCRIPT, credentials: TEST_AWS_CREDENTIALS, ...o });
}

async function send(p: ProviderRequest, creds = TEST_AWS_CREDENTIALS): Promise<Response> {
  const url = new URL(fake.url);
  const headers = await signBedrock(p, { ...creds, region: 'us-east-1', host: url.host });
  return fetch(`${fake.url}${p.path}`, { method: 'POST', body: p.body, headers });
}

async function stream(r: Response): Promise<ChatChunk[]> {
  const d = bedrockCodec.streamDecoder(MODEL);
  const out: ChatChunk[] = [];
  for await (const bytes of r.body!) out.push(...d.push(bytes));
  out.push(...d.end());
  return out;
}

describe('scripted Bedrock server, driven by the Bedrock codec and signer', () => {
  it('answers converse, then converse-stream in event-stream frames, turn by turn from the request', async () => {
    await start({ textChunk: 4 });
    const r1 = await send(bedrockCodec.encodeRequest(FIRST, { model: MODEL, stream: false }));
    expect(r1.status).toBe(200);
    const c1 = bedrockCodec.decodeReply(await r1.json(), MODEL);
    const call = c1.choices[0]?.message.tool_calls?.[0];
    expect(call).toMatchObject({ type: 'function', function: { name: 'read_file', arguments: '{"path":"notes.txt"}' } });
    expect(c1.choices[0]?.finish_reason).toBe('tool_calls');
    expect(fake.requests[0]?.url).toBe('/model/anthropic.claude-3-5-haiku-20241022-v1%3A0/converse');

    const second: ChatRequest = { ...FIRST, messages: [...FIRST.messages, { role: 'assistant', content: null, tool_calls: [call!] }, { role: 'tool', tool_call_id: call!.id, content: 'buy milk' }] };
    const r2 = await send(bedrockCodec.encodeRequest(second, { model: MODEL, stream: true }));
    expect(r2.headers.get('content-type')).toBe('application/vnd.amazon.eventstream');
    const chunks = await stream(r2);
    expect(chunks.map((c) => c.choices[0]?.delta.content ?? '').join('')).toBe('The file says: buy milk');
    expect(chunks.filter((c) => c.choices.length > 0).length).toBeGreaterThan(5);
    expect(chunks.at(-1)?.usage).toEqual({ prompt_tokens: 12, completion_tokens: 7, total_tokens: 19 });
  });

  it('streams a tool call whose input arrives in pieces', async () => {
    await start({ textChunk: 3 });
    const chunks = await stream(await send(bedrockCodec.encodeRequest(FIRST, { model: MODEL, stream: true })));
    const calls = chunks.flatMap((c) => c.choices.flatMap((ch) => ch.delta.tool_calls ?? []));
    expect(calls[0]).toMatchObject({ index: 0, type: 'function', function: { name: 'read_file', arguments: '' } });
    expect(calls.map((c) => c.function?.arguments ?? '').join('')).toBe('{"path":"notes.txt"}');
    expect(calls.length).toBeGreaterThan(3);
  });

  it('refuses a bad signature, a wrong key and temporary credentials without their token, in AWS format', async () => {
    await start({ credentials: { ...TEST_AWS_CREDENTIALS, sessionToken: 'session-token' } });
    const p = bedrockCodec.encodeRequest(FIRST, { model: MODEL, stream: false });
    const noToken = await send(p);
    expect(noToken.status).toBe(403);
    expect(bedrockCodec.decodeError(noToken.status, await noToken.text())).toMatchObject({ type: 'authentication_error' });
    expect((await send(p, { ...TEST_AWS_CREDENTIALS, sessionToken: 'session-token' })).status).toBe(200);

    const wrongSecret = await send(p, { ...TEST_AWS_CREDENTIALS, secretAccessKey: 'nope', sessionToken: 'session-token' });
    expect(wrongSecret.status).toBe(403);
    expect(wrongSecret.headers.get('x-amzn-errortype')).toMatch(/^InvalidSignatureException:/);
    expect(bedrockCodec.decodeError(403, await wrongSecret.text())).toMatchObject({ status: 403, type: 'authentication_error', message: expect.stringContaining('signature we calculated does not match') as string });

    // A body changed after signing no longer matches its signature.
    const headers = await signBedrock(p, { ...TEST_AWS_CREDENTIALS, sessionToken: 'session-token', region: 'us-east-1', host: new URL(fake.url).host });
    const tampered = await fetch(`${fake.url}${p.path}`, { method: 'POST', body: p.body.replace('notes', 'secrets'), headers });
    expect(tampered.status).toBe(403);
    const unsigned = await fetch(`${fake.url}${p.path}`, { method: 'POST', body: p.body, headers: p.headers });
    expect(unsigned.status).toBe(403);
  });

  it('fails in AWS format: a scripted throttle, a stream exception, and a stream cut mid-frame', async () => {
    await start({ fail: () => ({ status: 429, type: 'ThrottlingException', message: 'Too many requests, please wait before trying again.' }) });
    const r = await send(bedrockCodec.encodeRequest(FIRST, { model: MODEL, stream: false }));
    expect(bedrockCodec.decodeError(r.status, await r.text())).toEqual({ status: 429, type: 'rate_limit_error', message: 'Too many requests, please wait before trying again.' });
    await fake.close();

    await start({ streamException: { afterEvents: 2, type: 'modelStreamErrorException', message: 'The model stream failed' } });
    await expect(stream(await send(bedrockCodec.encodeRequest(FIRST, { model: MODEL, stream: true })))).rejects.toMatchObject({ status: 424, type: 'server_error', message: 'The model stream failed' });
    await fake.close();

    await start({ cutAfterBytes: 150 });
    await expect(stream(await send(bedrockCodec.encodeRequest(FIRST, { model: MODEL, stream: true })))).rejects.toMatchObject({ status: 502, message: 'Bedrock stream ended in the middle of a message' });
  });
});
