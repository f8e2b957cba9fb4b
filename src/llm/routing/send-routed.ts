import type { IncomingHttpHeaders } from 'node:http';
import { performance } from 'node:perf_hooks';
import type { Dispatcher } from 'undici';
import { readBounded } from '../body.js';
import type { ModelPrice } from '../price-table.js';
import { classifyFailure, post, upstreamHeaders, type UpstreamFailure } from '../upstream.js';
import type { WireFormat } from '../wire-format.js';
import { retryDelayMs } from './backoff.js';
import type { RoutingClock } from './clock.js';
import type { Route, RouteTarget } from './route.js';
import { firstFrameError, peekFirstFrame } from './first-frame.js';
import { retryAfterMs } from './retry-after.js';
import { hasStatus } from './status-set.js';
import { orderTargets } from './strategies/order.js';

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
  | { readonly kind: 'response'; readonly up: Dispatcher.ResponseData; readonly target: RouteTarget; readonly attempts: readonly Attempt[] }
  /** Every try failed; the last one had an HTTP answer, read (bounded) so it can be reported. */
  | { readonly kind: 'failed-status'; readonly status: number; readonly headers: IncomingHttpHeaders; readonly raw: Buffer; readonly target: RouteTarget; readonly attempts: readonly Attempt[] }
  /** Every try failed; the last one never got an answer. */
  | { readonly kind: 'failed-network'; readonly failure: UpstreamFailure; readonly target: RouteTarget; readonly attempts: readonly Attempt[] }
  /** Every target's breaker is open: nothing was sent. `retryAt` is when the first one lets a probe through. */
  | { readonly kind: 'unavailable'; readonly retryAt: number; readonly attempts: readonly Attempt[] }
  /** No target speaks the caller's format (translation is a later piece). */
  | { readonly kind: 'no-target' }
  /** The client went away. */
  | { readonly kind: 'aborted' };

/** What the loop needs besides the request. */
export interface RoutingContext {
  readonly clock: RoutingClock;
  readonly prices: Readonly<Record<string, ModelPrice>>;
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
  readonly signal: AbortSignal;
}

/** Error bodies read while falling over: enough for the provider's message, bounded. */
const MAX_ERROR_BYTES = 64 * 1024;

type LastFailure =
  | { readonly kind: 'status'; readonly status: number; readonly headers: IncomingHttpHeaders; readonly raw: Buffer; readonly target: RouteTarget }
  | { readonly kind: 'network'; readonly failure: UpstreamFailure; readonly target: RouteTarget };

/** A 2xx stream that ended before its first event. */
class StreamEndedEarly extends Error {
  constructor() {
    super('the upstream stream ended before its first event');
  }
}

function isEventStream(h: Dispatcher.ResponseData['headers']): boolean {
  const t = h['content-type'];
  return typeof t === 'string' && t.startsWith('text/event-stream');
}

/**
 * Looks at a stream's first event: `ended` when there was none, the status its error stands for when it is one,
 * else undefined (its bytes stay in the body for the caller). Rejects when the stream breaks first.
 */
async function earlyStreamFailure(format: WireFormat, up: Dispatcher.ResponseData): Promise<{ kind: 'ended'; status?: undefined } | { kind: 'error'; status: number; body: string } | undefined> {
  const first = await peekFirstFrame(up.body);
  if (first.kind === 'ended') return { kind: 'ended' };
  const e = firstFrameError(format, first.text);
  return e === undefined ? undefined : { kind: 'error', status: e.status, body: e.body };
}

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
  for (const t of order) {
    if (t.upstream.format !== req.format) continue;
    const { breaker, latency } = t.health;
    for (let retry = 0; ; retry++) {
      if (!breaker.allow(clock.now()) && guard) {
        retryAt = Math.min(retryAt, breaker.retryAt ?? clock.now());
        attempts.push({ target: t, outcome: 'open', ms: 0 });
        break;
      }
      const model = t.model ?? req.model;
      if (model !== lastModel) {
        lastBody = bodyFor(req.payload, model);
        lastModel = model;
      }
      const started = performance.now();
      let retryAfter: number | undefined;
      try {
        const up = await post(t.upstream, { path: req.path, headers: upstreamHeaders(t.upstream, req.headers), body: lastBody, signal: req.signal, timeoutMs: t.timeoutMs });
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
        if (early !== undefined) up.body.dump({ limit: MAX_ERROR_BYTES }).catch(() => undefined);
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
      await clock.sleep(wait, req.signal);
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
