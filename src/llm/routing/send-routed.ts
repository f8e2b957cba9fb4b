import type { IncomingHttpHeaders } from 'node:http';
import { performance } from 'node:perf_hooks';
import type { Readable } from 'node:stream';
import type { Dispatcher } from 'undici';
import { readBounded } from '../body.js';
import type { ChatRequest, ProviderRequest } from '../canonical/chat.js';
import type { ModelPrice } from '../price-table.js';
import { nativeWire } from '../provider-format.js';
import { canonicalOf } from '../translate/canonical-request.js';
import { translatedReply } from '../translate/translated-reply.js';
import { classifyFailure, nativePath, post, signedHeaders, translatedHeaders, upstreamHeaders, type UpstreamFailure, type UpstreamReply } from '../upstream.js';
import type { WireFormat } from '../wire-format.js';
import { retryDelayMs } from './backoff.js';
import type { RoutingClock } from './clock.js';
import type { Route, RouteTarget } from './route.js';
import { firstFrameError, peekFirstFrame } from './first-frame.js';
import { retryAfterMs } from './retry-after.js';
import { hasStatus } from './status-set.js';
import { orderTargets } from './strategies/order.js';
import { toAbortSignal, type CallAbort } from '../../core/index.js';

/** One try at one target: its HTTP status, or why there was none (`open`: skipped by its breaker). */
export interface Attempt {
  readonly target: RouteTarget;
  readonly outcome: number | UpstreamFailure['kind'] | 'open';
  /** Time to response headers (or to the failure), in milliseconds. */
  readonly ms: number;
}

/** The request body and what may have to change in it per target. */
export interface Payload {
  /** The caller's bytes, sent as is when nothing changes. */
  readonly raw: Buffer;
  /** The parsed body, redacted when `rewritten`. */
  readonly body: Readonly<Record<string, unknown>>;
  readonly rewritten: boolean;
  /** The model name the caller sent. */
  readonly requested: string;
}

/** What routing one request came to. */
export type Routed =
  /** An answer to relay: a success, or an error that is not for fallback (a 400 is the caller's to fix). */
  | { readonly kind: 'response'; readonly up: UpstreamReply; readonly target: RouteTarget; readonly attempts: readonly Attempt[] }
  /** Every try failed; the last one had an HTTP answer, read (bounded) so it can be reported. */
  | { readonly kind: 'failed-status'; readonly status: number; readonly headers: IncomingHttpHeaders; readonly raw: Buffer; readonly target: RouteTarget; readonly attempts: readonly Attempt[] }
  /** Every try failed; the last one never got an answer. */
  | { readonly kind: 'failed-network'; readonly failure: UpstreamFailure; readonly target: RouteTarget; readonly attempts: readonly Attempt[] }
  /** Every target's breaker is open: nothing was sent. `retryAt` is when the first one lets a probe through. */
  | { readonly kind: 'unavailable'; readonly retryAt: number; readonly attempts: readonly Attempt[] }
  /** No target can take the request (an endpoint that is not translated, such as `count_tokens`). */
  | { readonly kind: 'no-target' }
  /** The client went away. */
  | { readonly kind: 'aborted' }
  /** The request could not be translated for a provider of another format (a malformed body). */
  | { readonly kind: 'untranslatable'; readonly target: RouteTarget };

/** What the loop needs besides the request. */
export interface RoutingContext {
  readonly clock: RoutingClock;
  readonly prices: Readonly<Record<string, ModelPrice>>;
  /** Most bytes of a whole translated answer read (the gateway's `llm.maxResponseBytes`). */
  readonly maxResponseBytes?: number | undefined;
}

/** The request as routing sends it. */
export interface RoutedRequest {
  readonly format: WireFormat;
  /** Path and query after the provider's base path. */
  readonly path: string;
  readonly headers: IncomingHttpHeaders;
  /** The model after alias resolution: sent to targets that name none. */
  readonly model: string;
  readonly payload: Payload;
  readonly signal: CallAbort;
  /** May go to a provider of another format, translated (not for endpoints with no equivalent: `count_tokens`). */
  readonly translate: boolean;
  /** The caller asked for a stream (a translated answer is re-encoded as one). */
  readonly stream: boolean;
}

/** Error bodies read while falling over: enough for the provider's message, bounded. */
const MAX_ERROR_BYTES = 64 * 1024;
/** Whole translated answers read when the context gives no bound. */
const DEFAULT_MAX_RESPONSE_BYTES = 32 * 1024 * 1024;

type LastFailure =
  | { readonly kind: 'status'; readonly status: number; readonly headers: IncomingHttpHeaders; readonly raw: Buffer; readonly target: RouteTarget }
  | { readonly kind: 'network'; readonly failure: UpstreamFailure; readonly target: RouteTarget };

const NATIVE: Leg = { native: true };

/** A 2xx stream that ended before its first event. */
class StreamEndedEarly extends Error {
  constructor() {
    super('the upstream stream ended before its first event');
  }
}

function isEventStream(h: UpstreamReply['headers']): boolean {
  const t = h['content-type'];
  return typeof t === 'string' && t.startsWith('text/event-stream');
}

/**
 * Looks at a stream's first event: `ended` when there was none, the status its error stands for when it is one,
 * else undefined (its bytes stay in the body for the caller). Rejects when the stream breaks first.
 */
async function earlyStreamFailure(format: WireFormat, up: UpstreamReply): Promise<{ kind: 'ended'; status?: undefined } | { kind: 'error'; status: number; body: string } | undefined> {
  const first = await peekFirstFrame(up.body);
  if (first.kind === 'ended') return { kind: 'ended' };
  const e = firstFrameError(format, first.text);
  return e === undefined ? undefined : { kind: 'error', status: e.status, body: e.body };
}

/** Throws the rest of a body away so the connection can be reused: undici's bounded `dump`, else destroy. */
function discard(body: Readable): void {
  const dump = (body as Partial<Dispatcher.ResponseData['body']>).dump;
  if (typeof dump === 'function') dump.call(body, { limit: MAX_ERROR_BYTES }).catch(() => undefined);
  else body.destroy();
}

/** How one target is sent to: the caller's bytes as they are, or a request its codec built. */
type Leg = { readonly native: true } | { readonly native: false; readonly request: ProviderRequest; readonly headers: Record<string, string | string[]> };

function bodyFor(p: Payload, model: string): Buffer | string {
  if (model === p.requested) return p.rewritten ? JSON.stringify(p.body) : p.raw;
  return JSON.stringify({ ...p.body, model });
}

/**
 * Sends a request along its route: targets in the strategy's order, each retried per its policy (exponential
 * backoff with jitter, or the upstream's `Retry-After` when it gave one and it is within the cap), moving on
 * after a timeout, a connection error or a `fallbackOn` status. Everything happens before a byte goes to the
 * caller, so a stream is only ever failed over before it starts. A target whose breaker is open is skipped when
 * the route has another; a lone target is always tried (there is nowhere better to send it), its breaker still
 * counting.
 */
export async function sendRouted(ctx: RoutingContext, route: Route, req: RoutedRequest): Promise<Routed> {
  const { clock } = ctx;
  // A lone target (the common case) is never reordered: no options object, no random draw.
  const order = route.targets.length < 2 ? route.targets : orderTargets(route, { model: req.model, random: clock.random(), prices: ctx.prices });
  const guard = order.length > 1;
  const attempts: Attempt[] = [];
  let last: LastFailure | undefined;
  let retryAt = Number.POSITIVE_INFINITY;
  let lastModel: string | undefined;
  let lastBody: Buffer | string = req.payload.raw;
  let canonical: ChatRequest | undefined;
  for (const t of order) {
    let leg: Leg = NATIVE;
    if (nativeWire(t.upstream.format) !== req.format) {
      if (!req.translate) continue;
      // Another format: the caller's request goes through the canonical one, built once for every such target.
      try {
        canonical ??= canonicalOf(req.format, req.payload.body);
        const pr = t.upstream.codec.encodeRequest(canonical, { model: t.model ?? req.model, stream: req.stream });
        leg = { native: false, request: pr, headers: translatedHeaders(t.upstream, req.headers, pr.headers) };
      } catch {
        // The mappers read the caller's unvalidated JSON; a shape they cannot map is the caller's to fix.
        return { kind: 'untranslatable', target: t };
      }
    }
    const { breaker, latency } = t.health;
    for (let retry = 0; ; retry++) {
      if (!breaker.allow(clock.now()) && guard) {
        retryAt = Math.min(retryAt, breaker.retryAt ?? clock.now());
        attempts.push({ target: t, outcome: 'open', ms: 0 });
        break;
      }
      const model = t.model ?? req.model;
      if (leg.native && model !== lastModel) {
        lastBody = bodyFor(req.payload, model);
        lastModel = model;
      }
      const started = performance.now();
      let retryAfter: number | undefined;
      try {
        const up = leg.native
          ? await post(t.upstream, { path: nativePath(t.upstream, req.path, model), headers: upstreamHeaders(t.upstream, req.headers), body: lastBody, signal: req.signal, timeoutMs: t.timeoutMs })
          : await translatedReply(await post(t.upstream, { path: leg.request.path, headers: await signedHeaders(t.upstream, leg.headers, leg.request), body: leg.request.body, signal: req.signal, timeoutMs: t.timeoutMs }), {
              codec: t.upstream.codec,
              format: req.format,
              model,
              stream: req.stream,
              maxBytes: ctx.maxResponseBytes ?? DEFAULT_MAX_RESPONSE_BYTES,
            });
        const ms = performance.now() - started;
        // A stream that fails before its first event is failed over like an error answer, when there is
        // somewhere to go: its bytes are held until then (never on a lone target without retries).
        const early = up.statusCode < 300 && (order.length > 1 || t.retry.attempts > 0) && isEventStream(up.headers) ? await earlyStreamFailure(req.format, up) : undefined;
        if (early?.kind === 'ended') throw new StreamEndedEarly();
        const status = early?.status ?? up.statusCode;
        attempts.push({ target: t, outcome: status, ms });
        if (!hasStatus(route.fallbackOn, status)) {
          breaker.success();
          latency.observe(ms);
          return { kind: 'response', up, target: t, attempts };
        }
        breaker.failure(clock.now());
        // The error event says it all; whatever follows is drained (bounded) so the connection can be reused.
        const raw = early === undefined ? await readBounded(up.body, MAX_ERROR_BYTES).catch(() => undefined) : Buffer.from(early.body);
        if (early !== undefined) discard(up.body);
        last = { kind: 'status', status, headers: up.headers, raw: raw ?? Buffer.alloc(0), target: t };
        retryAfter = retryAfterMs(up.headers, clock.now());
      } catch (e) {
        const failure: UpstreamFailure = e instanceof StreamEndedEarly ? { kind: 'unreachable', message: e.message } : classifyFailure(e);
        if (failure.kind === 'aborted' || req.signal.aborted) {
          breaker.release();
          return { kind: 'aborted' };
        }
        const ms = performance.now() - started;
        attempts.push({ target: t, outcome: failure.kind, ms });
        breaker.failure(clock.now());
        // A timed-out target is at least this slow: lowest-latency should learn that too.
        if (failure.kind === 'timeout') latency.observe(ms);
        last = { kind: 'network', failure, target: t };
      }
      if (retry >= t.retry.attempts) break;
      const wait = retryDelayMs(t.retry, retry, clock.random(), retryAfter);
      if (wait === undefined) break;
      await clock.sleep(wait, toAbortSignal(req.signal));
      if (req.signal.aborted) return { kind: 'aborted' };
    }
  }
  if (last !== undefined) {
    return last.kind === 'status'
      ? { kind: 'failed-status', status: last.status, headers: last.headers, raw: last.raw, target: last.target, attempts }
      : { kind: 'failed-network', failure: last.failure, target: last.target, attempts };
  }
  return attempts.length === 0 ? { kind: 'no-target' } : { kind: 'unavailable', retryAt, attempts };
}
