import { randomUUID } from 'node:crypto';
import type { ServerResponse } from 'node:http';
import { encodeEventStreamMessage } from '../../src/llm/providers/bedrock/event-stream.js';
import { sigV4Headers, type AwsCredentials } from '../../src/llm/providers/bedrock/sign.js';
import { sendJson, startRecordingServer, type FakeServer, type RecordedRequest } from './recording-server.js';
import { callId, chunks, stepFor, textOf, type ScriptStep, type TurnContext } from './script.js';

/** Options of the scripted Bedrock Runtime server. */
export interface BedrockFakeOptions {
  readonly script: readonly ScriptStep[];
  /** The only credentials it accepts; every request must carry a valid SigV4 signature made with them. */
  readonly credentials: AwsCredentials;
  /** Region the signature's scope must name (default `us-east-1`). */
  readonly region?: string;
  /** Characters per streamed text delta, and per piece of a tool call's JSON input (default 16). */
  readonly textChunk?: number;
  /** An error answer instead of the script: `type` is the exception name (`ThrottlingException`). */
  readonly fail?: (req: RecordedRequest) => { readonly status: number; readonly type: string; readonly message: string } | undefined;
  /** Streams only: after this many events, an exception event (`throttlingException`…) ends the stream; all written at once. */
  readonly streamException?: { readonly afterEvents: number; readonly type: string; readonly message: string };
  /** Streams only: the response ends cleanly after this many bytes, cutting the message it is in. */
  readonly cutAfterBytes?: number;
}

const ROUTE = /^\/model\/([^/]+)\/(converse|converse-stream)$/;
const AUTH = /^AWS4-HMAC-SHA256 Credential=([^/]+)\/(\d{8})\/([^/]+)\/([^/]+)\/aws4_request, SignedHeaders=([a-z0-9;-]+), Signature=([0-9a-f]{64})$/;
const USAGE = { inputTokens: 12, outputTokens: 7, totalTokens: 19 };
/** Real Bedrock pads event bodies with a `p` field of varying length, so sizes leak nothing; so does the fake. */
const PAD = 'abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789';

function awsError(res: ServerResponse, status: number, type: string, message: string): void {
  sendJson(res, status, { message }, { 'x-amzn-errortype': `${type}:http://internal.amazon.com/coral/com.amazon.bedrock/`, 'x-amzn-requestid': randomUUID() });
}

function header(req: RecordedRequest, name: string): string | undefined {
  const v = req.headers[name];
  return Array.isArray(v) ? v.join(',') : v;
}

/**
 * Checks a request's SigV4 signature the way AWS does: the Authorization header's shape, key id, scope
 * (date, region, `bedrock`), signed headers, then the signature itself, recomputed over the request as
 * received. Returns the AWS error to answer, or undefined when the signature is good.
 */
async function verifySignature(req: RecordedRequest, o: BedrockFakeOptions): Promise<{ readonly type: string; readonly message: string } | undefined> {
  const m = AUTH.exec(header(req, 'authorization') ?? '');
  if (m === null) return { type: 'MissingAuthenticationTokenException', message: 'Missing Authentication Token' };
  const [, keyId, date, region, service, signedList] = m as unknown as [string, string, string, string, string, string];
  if (keyId !== o.credentials.accessKeyId) return { type: 'UnrecognizedClientException', message: 'The security token included in the request is invalid.' };
  const amzDate = header(req, 'x-amz-date') ?? '';
  const t = /^(\d{4})(\d{2})(\d{2})T(\d{2})(\d{2})(\d{2})Z$/.exec(amzDate);
  const signed = signedList.split(';');
  if (region !== (o.region ?? 'us-east-1') || service !== 'bedrock' || t === null || !amzDate.startsWith(date) || !signed.includes('host') || !signed.includes('x-amz-date')) {
    return { type: 'InvalidSignatureException', message: 'Credential should be scoped to a valid region and service, and sign host and x-amz-date.' };
  }
  if (o.credentials.sessionToken !== undefined && (!signed.includes('x-amz-security-token') || header(req, 'x-amz-security-token') !== o.credentials.sessionToken)) {
    return { type: 'UnrecognizedClientException', message: 'The security token included in the request is invalid.' };
  }
  const headers: Record<string, string> = {};
  for (const h of signed) if (h !== 'host' && h !== 'x-amz-date' && h !== 'x-amz-security-token') headers[h] = header(req, h) ?? '';
  const now = new Date(`${t[1]}-${t[2]}-${t[3]}T${t[4]}:${t[5]}:${t[6]}Z`);
  const expected = await sigV4Headers({ method: req.method, path: req.url, headers, body: req.raw }, { ...o.credentials, service: 'bedrock', region, host: header(req, 'host') ?? '', now });
  if (expected['authorization'] !== header(req, 'authorization')) {
    return { type: 'InvalidSignatureException', message: 'The request signature we calculated does not match the signature you provided. Check your AWS Secret Access Key and signing method.' };
  }
  return undefined;
}

interface Block {
  readonly text?: unknown;
  readonly toolResult?: { readonly content?: readonly { readonly text?: unknown }[] };
}

/** The turn: how many assistant messages the Converse request holds, and the text of the last tool result. */
export function bedrockTurn(body: { readonly messages?: unknown }): TurnContext {
  const messages = Array.isArray(body.messages) ? (body.messages as { role?: unknown; content?: unknown }[]) : [];
  let lastToolResult: string | undefined;
  for (const msg of messages) {
    for (const b of Array.isArray(msg.content) ? (msg.content as Block[]) : []) {
      const text = b.toolResult?.content?.map((c) => (typeof c.text === 'string' ? c.text : '')).join('');
      if (text !== undefined) lastToolResult = text;
    }
  }
  return { turn: messages.filter((x) => x.role === 'assistant').length, lastToolResult };
}

/** One event-stream message: an event of the given type with a JSON payload, as Bedrock sends it. */
export function bedrockEvent(type: string, payload: Readonly<Record<string, unknown>>, pad = 0): Uint8Array {
  const body = pad > 0 ? { ...payload, p: PAD.slice(0, pad % PAD.length) } : payload;
  return encodeEventStreamMessage({
    headers: { ':event-type': { type: 'string', value: type }, ':content-type': { type: 'string', value: 'application/json' }, ':message-type': { type: 'string', value: 'event' } },
    body: new TextEncoder().encode(JSON.stringify(body)),
  });
}

/** One exception message (`:message-type: exception`), as Bedrock ends a failing stream. */
export function bedrockException(type: string, message: string): Uint8Array {
  return encodeEventStreamMessage({
    headers: { ':exception-type': { type: 'string', value: type }, ':content-type': { type: 'string', value: 'application/json' }, ':message-type': { type: 'string', value: 'exception' } },
    body: new TextEncoder().encode(JSON.stringify({ message })),
  });
}

/** The events of one scripted turn, streamed: start, the text or tool-use block in pieces, stop, metadata. */
export function converseStreamEvents(step: ScriptStep, ctx: TurnContext, size: number): Uint8Array[] {
  const ev: Uint8Array[] = [bedrockEvent('messageStart', { role: 'assistant' })];
  if (step.kind === 'tool') {
    ev.push(bedrockEvent('contentBlockStart', { contentBlockIndex: 0, start: { toolUse: { toolUseId: callId('tooluse_', ctx.turn), name: step.name } } }, 3));
    for (const piece of chunks(JSON.stringify(step.input), size)) ev.push(bedrockEvent('contentBlockDelta', { contentBlockIndex: 0, delta: { toolUse: { input: piece } } }, piece.length));
  } else {
    for (const piece of chunks(textOf(step, ctx), size)) ev.push(bedrockEvent('contentBlockDelta', { contentBlockIndex: 0, delta: { text: piece } }, piece.length + 7));
  }
  ev.push(bedrockEvent('contentBlockStop', { contentBlockIndex: 0 }, 11));
  ev.push(bedrockEvent('messageStop', { stopReason: step.kind === 'tool' ? 'tool_use' : 'end_turn' }, 5));
  ev.push(bedrockEvent('metadata', { usage: USAGE, metrics: { latencyMs: 42 } }, 17));
  return ev;
}

/**
 * A scripted Bedrock Runtime server speaking Converse: `POST /model/{modelId}/converse` (JSON) and
 * `/converse-stream` (`application/vnd.amazon.eventstream` binary frames, encoded with the AWS SDK's codec),
 * stateless. Every request must be SigV4-signed with `credentials`; errors are AWS's `{"message"}` with
 * `x-amzn-errortype`.
 * @see https://docs.aws.amazon.com/bedrock/latest/APIReference/API_runtime_ConverseStream.html
 */
export function startBedrockFake(opts: BedrockFakeOptions): Promise<FakeServer> {
  const size = opts.textChunk ?? 16;
  return startRecordingServer(async (req, res) => {
    const m = ROUTE.exec(req.path);
    if (req.method !== 'POST' || m === null) {
      awsError(res, 404, 'UnknownOperationException', `no route ${req.method} ${req.path}`);
      return;
    }
    const bad = await verifySignature(req, opts);
    if (bad !== undefined) {
      awsError(res, 403, bad.type, bad.message);
      return;
    }
    if (req.jsonError !== undefined || typeof req.body !== 'object' || req.body === null || !Array.isArray((req.body as { messages?: unknown }).messages)) {
      awsError(res, 400, 'ValidationException', 'Malformed input request: messages is required');
      return;
    }
    const failure = opts.fail?.(req);
    if (failure !== undefined) {
      awsError(res, failure.status, failure.type, failure.message);
      return;
    }
    const ctx = bedrockTurn(req.body as { messages?: unknown });
    const step = stepFor(opts.script, ctx.turn);
    if (m[2] === 'converse') {
      const content = step.kind === 'tool' ? [{ toolUse: { toolUseId: callId('tooluse_', ctx.turn), name: step.name, input: step.input } }] : [{ text: textOf(step, ctx) }];
      sendJson(res, 200, { output: { message: { role: 'assistant', content } }, stopReason: step.kind === 'tool' ? 'tool_use' : 'end_turn', usage: USAGE, metrics: { latencyMs: 42 } }, { 'x-amzn-requestid': randomUUID() });
      return;
    }
    const events = converseStreamEvents(step, ctx, size);
    res.writeHead(200, { 'content-type': 'application/vnd.amazon.eventstream', 'x-amzn-requestid': randomUUID() });
    if (opts.streamException !== undefined) {
      // One write: the events and the exception reach the gateway together.
      res.end(Buffer.concat([...events.slice(0, opts.streamException.afterEvents), bedrockException(opts.streamException.type, opts.streamException.message)]));
      return;
    }
    let budget = opts.cutAfterBytes ?? Infinity;
    for (const e of events) {
      if (budget <= 0) break;
      res.write(e.length <= budget ? e : e.subarray(0, budget));
      budget -= e.length;
    }
    res.end();
  });
}

/** Credentials for tests: made up, in AWS's shape. */
export const TEST_AWS_CREDENTIALS: AwsCredentials = { accessKeyId: 'AKIDTESTFAKE0000', secretAccessKey: 'fake/secret+key/for/tests/only/0000000000' };
