import type { IncomingHttpHeaders, ServerResponse } from 'node:http';
import { CallAbort, type ErrorCode } from '../core/index.js';
import type { LlmGateway } from './gateway.js';
import type { QuotaSubject } from './quota/layers.js';
import { askOf } from './quota/request-quota.js';
import { toNano, type Reservation } from './quota/quota.js';
import { parseObject, readBounded } from './body.js';
import { PRICE_TABLE_VERSION, targetPrice } from './price-table.js';
import { failureReply } from './routing/failure-reply.js';
import type { RouteTarget } from './routing/route.js';
import { sendRouted, type Routed } from './routing/send-routed.js';
import { callerHeaders, classifyFailure } from './upstream.js';
import { upstreamErrorBody } from './upstream-error.js';
import { addUsage, costOf, emptyUsage } from './usage.js';
import { wireError } from './wire-error.js';

/** The provider path after its base URL (`https://api.openai.com/v1` + `/embeddings`). */
const EMBEDDINGS_PATH = '/embeddings';

/** One embeddings request as the HTTP edge (or the semantic cache) hands it over. */
export interface EmbeddingsCall {
  readonly headers: IncomingHttpHeaders;
  readonly body: Buffer;
  readonly user?: string | undefined;
  /** Who it is charged to (budgets, RPM/TPM); none: not limited (the semantic cache's own lookups). */
  readonly subject?: QuotaSubject | undefined;
}

/** An embeddings request that went upstream (or could not), ready to answer or read. */
type Sent =
  | { readonly kind: 'error'; readonly status: number; readonly headers: Record<string, string | string[] | number>; readonly body: Buffer | string }
  | { readonly kind: 'ok'; readonly status: number; readonly headers: Record<string, string | string[]>; readonly raw: Buffer; readonly reply: Record<string, unknown> | undefined };

function errorOf(status: number, body: string): Sent {
  return { kind: 'error', status, headers: { 'content-type': 'application/json', 'content-length': Buffer.byteLength(body) }, body };
}

function wire(code: ErrorCode, message: string, openaiCode?: string): Sent {
  const e = wireError('openai', code, message, openaiCode);
  return errorOf(e.status, e.body);
}

/**
 * Routes an OpenAI embeddings request like a chat request (`llm.models`, aliases, fallback, retries, breakers) to
 * the OpenAI-format targets of its route, reads the bounded answer and records it (input tokens, cost).
 * @see https://platform.openai.com/docs/api-reference/embeddings/create
 */
async function sendEmbeddings(gw: LlmGateway, call: EmbeddingsCall, signal: CallAbort): Promise<Sent> {
  const at = Date.now();
  const started = performance.now();
  const body = parseObject(call.body.toString('utf8'));
  if (body === undefined) return wire('PARSE_ERROR', 'the request body is not a JSON object');
  const model = body['model'];
  if (typeof model !== 'string' || model === '') return wire('INVALID_PARAMS', 'model: a model name is required');
  const input = body['input'];
  if (typeof input !== 'string' && !Array.isArray(input)) return wire('INVALID_PARAMS', 'input: a string or an array is required');
  const resolved = gw.routing.resolve(model, call.headers, body);
  if (resolved === undefined) return wire('NOT_FOUND', `model ${model.slice(0, 200)} is not configured in llm.models`, 'model_not_found');
  const { route } = resolved;
  if (!route.formats.includes('openai')) return wire('BAD_REQUEST', `model ${model.slice(0, 200)} has no OpenAI-format provider; embeddings are served by OpenAI-format providers only`);
  const usage = emptyUsage();
  // Budgets and rate limits like a chat request: reserved at the input estimate, settled to the reported usage.
  let held: Reservation | undefined;
  const quota = gw.quota;
  if (quota !== undefined && call.subject !== undefined) {
    const ask = askOf({ subject: call.subject, format: 'openai', body, model, resolved: resolved.model, route, prices: gw.prices, defaultMaxTokens: 0 });
    const got0 = quota.reserve({ ...ask, estimate: { tokens: ask.estimate.inputTokens, nanoUsd: ask.estimate.nanoUsd } });
    const got = got0 instanceof Promise ? await got0 : got0;
    if (got.kind === 'refused') {
      const e = wireError('openai', got.code, got.message);
      return { kind: 'error', status: e.status, headers: { ...got.headers, 'content-type': 'application/json', 'content-length': Buffer.byteLength(e.body) }, body: e.body };
    }
    held = got;
  }
  const log = (status: number, target: RouteTarget | undefined, attempts: number): void => {
    const upstreamModel = target === undefined ? undefined : (target.model ?? resolved.model);
    const costUsd = target === undefined ? undefined : costOf(usage, targetPrice(gw.prices, target, resolved.model));
    if (held !== undefined) quota?.settle(held, { tokens: usage.input, nanoUsd: toNano(costUsd) });
    if (gw.log === undefined) return;
    gw.log.recordLlm({
      at, operation: 'embeddings', sessionId: undefined, user: call.user, keyId: call.subject?.keyId, team: call.subject?.team, format: 'openai', model, provider: target?.upstream.id, upstreamModel, status, stream: false, attempts,
      latencyMs: performance.now() - started, ttftMs: undefined, inputTokens: usage.input, outputTokens: 0, cacheReadTokens: 0, cacheWriteTokens: 0,
      reasoningTokens: 0, costUsd, priceVersion: PRICE_TABLE_VERSION,
      decision: 'allow', cacheHit: false, savedUsd: undefined,
    });
  };
  const payload = { raw: call.body, body, rewritten: false, requested: model };
  const routed: Routed = await sendRouted(gw, route, { format: 'openai', path: EMBEDDINGS_PATH, headers: call.headers, model: resolved.model, payload, signal, translate: false, stream: false });
  switch (routed.kind) {
    case 'response':
      break;
    case 'aborted':
      log(499, undefined, 0);
      return wire('UPSTREAM_ERROR', 'request aborted');
    case 'no-target':
    case 'untranslatable':
      log(400, undefined, 0);
      return wire('BAD_REQUEST', `model ${model.slice(0, 200)} has no target that speaks openai`);
    case 'failed-status':
    case 'failed-network':
    case 'unavailable': {
      const f = failureReply('openai', routed, gw.clock.now());
      log(f.status, routed.kind === 'unavailable' ? undefined : routed.target, routed.attempts.length);
      return { kind: 'error', status: f.status, headers: f.headers, body: f.body };
    }
  }
  const { up, target, attempts } = routed;
  try {
    const raw = await readBounded(up.body, gw.maxResponseBytes);
    if (raw === undefined) {
      log(502, target, attempts.length);
      return wire('UPSTREAM_ERROR', 'the upstream answer is larger than llm.maxResponseBytes');
    }
    const reply = parseObject(raw.toString('utf8'));
    if (up.statusCode >= 300) {
      log(up.statusCode, target, attempts.length);
      return errorOf(up.statusCode, upstreamErrorBody('openai', up.statusCode, raw, reply).toString());
    }
    if (reply === undefined) {
      log(502, target, attempts.length);
      return wire('UPSTREAM_ERROR', 'the upstream answer is not a JSON object');
    }
    addUsage(usage, 'openai', reply['usage']);
    log(up.statusCode, target, attempts.length);
    const headers = callerHeaders(up.headers);
    headers['x-rampart-route'] = target.key;
    return { kind: 'ok', status: up.statusCode, headers, raw, reply };
  } catch (e) {
    const f = classifyFailure(e);
    log(signal.aborted ? 499 : 502, target, attempts.length);
    return wire(f.kind === 'timeout' ? 'UPSTREAM_TIMEOUT' : 'UPSTREAM_ERROR', f.message);
  }
}

/** Serves `POST /v1/embeddings`: the provider's answer passes through; every error is in OpenAI's format. */
export async function serveEmbeddings(gw: LlmGateway, call: EmbeddingsCall, res: ServerResponse): Promise<void> {
  const cancel = new CallAbort();
  res.on('close', () => {
    if (!res.writableFinished) cancel.abort();
  });
  const sent = await sendEmbeddings(gw, call, cancel);
  if (cancel.aborted || res.destroyed) return void res.end();
  if (sent.kind === 'error') {
    res.writeHead(sent.status, sent.headers);
    return void res.end(sent.body);
  }
  res.writeHead(sent.status, { ...sent.headers, 'content-length': sent.raw.length });
  res.end(sent.raw);
}

/** Reads `data[0].embedding`: an array of floats, or base64 of little-endian float32s. */
function firstEmbedding(reply: Record<string, unknown> | undefined): number[] | undefined {
  const data = reply?.['data'];
  const first: unknown = Array.isArray(data) ? data[0] : undefined;
  const e = first !== null && typeof first === 'object' ? (first as { embedding?: unknown }).embedding : undefined;
  if (Array.isArray(e)) return e.every((x) => typeof x === 'number') ? (e as number[]) : undefined;
  if (typeof e !== 'string') return undefined;
  const b = Buffer.from(e, 'base64');
  const out: number[] = [];
  for (let i = 0; i + 4 <= b.length; i += 4) out.push(b.readFloatLE(i));
  return out;
}

/**
 * Embeds one text with `model` through the same routing as `/v1/embeddings` (and recorded the same way), for the
 * semantic cache. Only the caller's provider credentials go along (for providers without a configured key).
 * Undefined on any failure: the cache then just misses.
 */
export async function embedText(gw: LlmGateway, o: { readonly model: string; readonly text: string; readonly headers: IncomingHttpHeaders; readonly user: string | undefined; readonly signal: CallAbort }): Promise<number[] | undefined> {
  const headers: IncomingHttpHeaders = { 'content-type': 'application/json' };
  if (o.headers['authorization'] !== undefined) headers['authorization'] = o.headers['authorization'];
  const body = Buffer.from(JSON.stringify({ model: o.model, input: o.text, encoding_format: 'float' }));
  const sent = await sendEmbeddings(gw, { headers, body, user: o.user }, o.signal);
  return sent.kind === 'ok' ? firstEmbedding(sent.reply) : undefined;
}
