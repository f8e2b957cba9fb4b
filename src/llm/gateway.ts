import type { IncomingHttpHeaders } from 'node:http';
import { CallAbort, ERROR_CODES, type LlmRequestRecord, type LlmRequestSink } from '../core/index.js';
import { applyRequestRedactions, type RequestRedaction } from './apply-redactions.js';
import { parseObject, readBounded } from './body.js';
import type { CacheTicket, ReplyCache } from './cache/reply-cache.js';
import { inbound } from './inbound.js';
import { outbound } from './outbound.js';
import { PRICE_TABLE_VERSION, targetPrice, type ModelPrice } from './price-table.js';
import type { Route } from './routing/route.js';
import { attemptsHeader } from './routing/attempts-header.js';
import type { RoutingClock } from './routing/clock.js';
import { failureReply } from './routing/failure-reply.js';
import type { RouteTarget } from './routing/route.js';
import type { RoutingTable } from './routing/routing-table.js';
import { sendRouted } from './routing/send-routed.js';
import type { SeenTurns } from './seen-turns.js';
import { sendWireError } from './send.js';
import { gateToolCall, type ProcessEvent } from './tool-gate.js';
import { callerHeaders, classifyFailure, type UpstreamTarget } from './upstream.js';
import { costOf, emptyUsage } from './usage.js';
import type { WireFormat } from './wire-format.js';
import type { ReplyMeter } from './outbound.js';
import type { LlmReplyTarget } from './reply-target.js';
import type { QuotaSubject } from './quota/layers.js';
import type { Quota, Reservation } from './quota/quota.js';
import { actualOf, askOf, sendRefusal, type RequestEstimate } from './quota/request-quota.js';

/** What the gateway holds, built once at startup. */
export interface LlmGateway {
  readonly process: ProcessEvent;
  readonly routing: RoutingTable;
  readonly clock: RoutingClock;
  /** The price table with `llm.prices` over it, for `lowest-cost`. */
  readonly prices: Readonly<Record<string, ModelPrice>>;
  readonly upstreams: ReadonlyMap<string, UpstreamTarget>;
  readonly seen: SeenTurns;
  readonly maxResponseBytes: number;
  /** Where each served request is recorded (store, metrics); none in tests that do not ask. */
  readonly log?: LlmRequestSink | undefined;
  /** The response cache (`llm.cache`); none when it is off. */
  readonly cache?: ReplyCache | undefined;
  /** Budgets and rate limits; none: nothing is limited or counted. */
  readonly quota?: Quota | undefined;
}

/** One model request as the HTTP edge hands it over. */
export interface LlmCall {
  readonly format: WireFormat;
  /** `count_tokens` is forwarded without inspection: it runs nothing and returns a number. */
  readonly inspect: boolean;
  /** Path and query to send upstream, after the provider's base path (`/v1/messages?beta=true`, `/chat/completions`). */
  readonly upstreamPath: string;
  readonly headers: IncomingHttpHeaders;
  readonly body: Buffer;
  /** The authenticated user, for the request record. */
  readonly user?: string | undefined;
  /** Who the request is charged to (the authenticated principal); none: not limited. */
  readonly subject?: QuotaSubject | undefined;
}

/** What one request carries from start to record: the names, timing, the reply's meter and the reservation. */
interface RequestState {
  readonly model: string;
  readonly resolved: string;
  sessionId: string | undefined;
  readonly at: number;
  readonly started: number;
  readonly meter: ReplyMeter;
  readonly stream: boolean;
  reservation: { readonly held: Reservation; readonly estimate: RequestEstimate } | undefined;
}

/** Everything a request record needs that only the end of the request knows. */
interface Outcome {
  readonly status: number;
  readonly target?: RouteTarget | undefined;
  readonly attempts?: number | undefined;
  readonly decision?: LlmRequestRecord['decision'] | undefined;
  readonly cache?: CacheTicket | undefined;
}

/** The price of what a target answered with; undefined when no target answered or it has none. */
function answeredPrice(gw: LlmGateway, r: RequestState, target: RouteTarget | undefined): ModelPrice | undefined {
  return target === undefined ? undefined : targetPrice(gw.prices, target, r.resolved);
}

/** What the reply cost at the answering target's price; undefined when no target answered or it has no price. */
function replyCost(gw: LlmGateway, r: RequestState, target: RouteTarget | undefined): number | undefined {
  return target === undefined ? undefined : costOf(r.meter.usage, answeredPrice(gw, r, target));
}

/**
 * Records one served request: tokens and cost from what the reply reported, priced for the model that answered;
 * and settles its reservation to what it used.
 */
function record(gw: LlmGateway, call: LlmCall, r: RequestState, o: Outcome): void {
  // A cache hit spent nothing upstream: no tokens, no cost; what it would have cost is reported as saved.
  const hit = o.cache?.hit === true;
  const u = hit ? emptyUsage() : r.meter.usage;
  settle(gw, r, hit ? undefined : o.target);
  if (gw.log === undefined) return;
  const upstreamModel = o.target === undefined ? undefined : (o.target.model ?? r.resolved);
  gw.log.recordLlm({
    at: r.at,
    operation: call.inspect ? 'chat' : 'count_tokens',
    sessionId: r.sessionId,
    user: call.user,
    keyId: call.subject?.keyId,
    team: call.subject?.team,
    format: call.format,
    model: r.model,
    provider: o.target?.upstream.id,
    upstreamModel,
    status: o.status,
    stream: r.stream,
    attempts: o.attempts ?? 0,
    latencyMs: performance.now() - r.started,
    ttftMs: r.meter.firstByteAt === undefined ? undefined : r.meter.firstByteAt - r.started,
    inputTokens: u.input,
    outputTokens: u.output,
    cacheReadTokens: u.cacheRead,
    cacheWriteTokens: u.cacheWrite,
    reasoningTokens: u.reasoning,
    costUsd: hit ? 0 : replyCost(gw, r, o.target),
    priceVersion: PRICE_TABLE_VERSION,
    decision: o.decision ?? (r.meter.gated ? 'gated' : 'allow'),
    cacheHit: hit,
    savedUsd: hit ? o.cache?.savedUsd : undefined,
  });
}

/**
 * Settles a request's reservation (once) to what it used, priced for `target`; a request that no target
 * answered (refused, failed before a reply, or served from the cache) used nothing.
 */
function settle(gw: LlmGateway, r: RequestState, target: RouteTarget | undefined): void {
  const res = r.reservation;
  if (res === undefined || res.held.settled || gw.quota === undefined) return;
  const usage = target === undefined ? emptyUsage() : r.meter.usage;
  gw.quota.settle(res.held, actualOf({ usage, frames: target === undefined ? 0 : r.meter.frames, estimate: res.estimate, price: answeredPrice(gw, r, target) }));
}

/**
 * Serves one model request end to end: parse, route, run the new turns through the engine, send along the
 * route (retries, fallback, breakers), and gate the reply's tool calls. Every failure is answered in the
 * caller's format; the client going away aborts the upstream request.
 */
export async function serveLlm(gw: LlmGateway, call: LlmCall, res: LlmReplyTarget): Promise<void> {
  const { format } = call;
  const body = parseObject(call.body.toString('utf8'));
  if (body === undefined) return sendWireError(res, format, 'PARSE_ERROR', 'the request body is not a JSON object');
  const model = body['model'];
  if (typeof model !== 'string' || model === '') return sendWireError(res, format, 'INVALID_PARAMS', 'model: a model name is required');
  const messages = body['messages'];
  if (!Array.isArray(messages)) return sendWireError(res, format, 'INVALID_PARAMS', 'messages: an array is required');
  const resolved = gw.routing.resolve(model, call.headers, body);
  if (resolved === undefined) return sendWireError(res, format, 'NOT_FOUND', `model ${model.slice(0, 200)} is not configured in llm.models`, 'model_not_found');
  const { route } = resolved;
  const r: RequestState = { model, resolved: resolved.model, sessionId: undefined, at: Date.now(), started: performance.now(), meter: { usage: emptyUsage(), firstByteAt: undefined, gated: false, frames: 0 }, stream: body['stream'] === true, reservation: undefined };
  // Budgets and rate limits before anything else: a refused request reaches neither the engine nor upstream.
  const quota = gw.quota;
  if (quota !== undefined && call.subject !== undefined && call.inspect) {
    const ask = askOf({ subject: call.subject, format, body, model, resolved: resolved.model, route, prices: gw.prices, defaultMaxTokens: quota.defaultMaxTokens });
    const got0 = quota.reserve(ask);
    const got = got0 instanceof Promise ? await got0 : got0;
    if (got.kind === 'refused') {
      record(gw, call, r, { status: ERROR_CODES[got.code].http, decision: 'limited' });
      return sendRefusal(res, format, got);
    }
    r.reservation = { held: got, estimate: ask.estimate };
  }
  try {
    await serveReserved(gw, call, res, { body, messages, route, r });
  } finally {
    // Every path records (and so settles); this catches a throw between, so room is never held for ever.
    settle(gw, r, undefined);
  }
}

/** The rest of `serveLlm`, once the request is parsed, routed and has its reservation. */
async function serveReserved(gw: LlmGateway, call: LlmCall, res: LlmReplyTarget, o: { body: Record<string, unknown>; messages: unknown[]; route: Route; r: RequestState }): Promise<void> {
  const { format } = call;
  const { body, messages, route, r } = o;
  const model = r.model;

  let session: { sessionId: string; agent: string | undefined } = { sessionId: '', agent: undefined };
  let redactions: readonly RequestRedaction[] = [];
  if (call.inspect) {
    const inb = inbound({ format, headers: call.headers, messages, process: gw.process, seen: gw.seen });
    r.sessionId = inb.session.id;
    if (inb.stop !== undefined) {
      const why = inb.stop.action === 'deny' ? inb.stop.reason : inb.stop.prompt;
      record(gw, call, r, { status: 403, decision: 'stopped' });
      return sendWireError(res, format, 'POLICY_DENIED', `Rampart stopped this request: ${why} (rule ${inb.stop.rule.id})`, 'policy_denied');
    }
    session = { sessionId: inb.session.id, agent: inb.session.agent };
    redactions = inb.redactions;
  }

  const cancel = new CallAbort();
  res.on('close', () => {
    if (res.writableFinished) return;
    // The client left: cancel the upstream request and drop our side of the socket (Node keeps a server
    // socket half-open while a response is unfinished).
    cancel.abort();
    res.destroy();
  });
  // The caller's bytes go upstream unless a target renames the model or a redaction requires a rewrite.
  const rewritten = redactions.length > 0 ? applyRequestRedactions(body, redactions) : body;
  const payload = { raw: call.body, body: rewritten, rewritten: rewritten !== body, requested: model };
  const send = () => sendRouted(gw, route, { format, path: call.upstreamPath, headers: call.headers, model: r.resolved, payload, signal: cancel, translate: call.inspect, stream: r.stream });
  // The cache is asked only after the engine judged the request's prompts, and a hit is replayed through the
  // same reply path (tool-call gating) below.
  const cache = call.inspect ? gw.cache?.ticket({ format, path: call.upstreamPath, route, model, headers: call.headers, user: call.user, body }) : undefined;
  const routed = cache === undefined ? await send() : await cache.send(send, cancel);
  switch (routed.kind) {
    case 'response':
      break;
    case 'aborted':
      record(gw, call, r, { status: 499 });
      return void res.end();
    case 'untranslatable':
      record(gw, call, r, { status: 400, target: routed.target, attempts: 0 });
      return sendWireError(res, format, 'INVALID_PARAMS', `the request could not be translated for provider ${routed.target.upstream.id} (${routed.target.upstream.format}): check the shape of messages and tools`);
    case 'no-target':
      record(gw, call, r, { status: 400 });
      return sendWireError(res, format, 'BAD_REQUEST', `model ${model.slice(0, 200)} has no target that speaks ${format}, and this endpoint is not translated`);
    case 'failed-status':
    case 'failed-network':
    case 'unavailable': {
      const last = routed.kind === 'unavailable' ? undefined : routed.target;
      if (res.headersSent || res.destroyed) {
        record(gw, call, r, { status: 499, target: last, attempts: routed.attempts.length });
        return void res.end();
      }
      const f = failureReply(format, routed, gw.clock.now());
      record(gw, call, r, { status: f.status, target: last, attempts: routed.attempts.length });
      res.writeHead(f.status, f.headers);
      return void res.end(f.body);
    }
  }
  const up = routed.up;
  // Ours ride along with the upstream's headers: `res.setHeader` would put every later `writeHead` on Node's
  // slow path (one validated setHeader per header).
  up.headers['x-rampart-route'] = routed.target.key;
  if (routed.attempts.length > 1) up.headers['x-rampart-attempts'] = attemptsHeader(routed.attempts);
  const limits = r.reservation?.held.headers;
  if (limits !== undefined) Object.assign(up.headers, limits);
  try {
    if (!call.inspect) {
      const raw = await readBounded(up.body, gw.maxResponseBytes);
      if (raw === undefined) {
        record(gw, call, r, { status: 502, target: routed.target, attempts: routed.attempts.length });
        return sendWireError(res, format, 'UPSTREAM_ERROR', 'the upstream answer is larger than llm.maxResponseBytes');
      }
      const headers = callerHeaders(up.headers);
      headers['content-length'] = String(raw.length);
      res.writeHead(up.statusCode, headers);
      res.end(raw);
      // Counting tokens spends none: the record says who asked, how it went and how long it took.
      return record(gw, call, r, { status: up.statusCode, target: routed.target, attempts: routed.attempts.length });
    }
    const decide = gateToolCall.bind(undefined, gw.process, session);
    await outbound({ format, decide, maxResponseBytes: gw.maxResponseBytes, signal: cancel, meter: r.meter }, up, res);
    cache?.settle({ gated: r.meter.gated, status: res.statusCode, aborted: cancel.aborted, redacted: redactions.length > 0, costUsd: replyCost(gw, r, routed.target) });
    record(gw, call, r, { status: cancel.aborted ? 499 : res.statusCode, target: routed.target, attempts: routed.attempts.length, cache });
  } catch (e) {
    record(gw, call, r, { status: cancel.aborted ? 499 : 502, target: routed.target, attempts: routed.attempts.length });
    if (cancel.aborted) return;
    const f = classifyFailure(e);
    sendWireError(res, format, f.kind === 'timeout' ? 'UPSTREAM_TIMEOUT' : 'UPSTREAM_ERROR', f.message);
  }
}
