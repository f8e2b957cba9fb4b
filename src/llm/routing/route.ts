import type { ModelPrice } from '../price-table.js';
import type { UpstreamTarget } from '../upstream.js';
import type { ProviderFormat } from '../provider-format.js';
import type { RetryPolicy } from './backoff.js';
import type { CircuitBreaker } from './breaker.js';
import type { Condition } from './conditions.js';
import type { LatencyEwma } from './latency.js';
import type { StatusSet } from './status-set.js';

/** How a route orders its targets for one request; the rest of the order is the fallback chain. */
export const STRATEGIES = ['fallback', 'weighted', 'lowest-latency', 'lowest-cost'] as const;
export type Strategy = (typeof STRATEGIES)[number];

/** What routing learns about a target, shared by every route that names the same provider and model. */
export interface TargetHealth {
  readonly breaker: CircuitBreaker;
  readonly latency: LatencyEwma;
}

/** One provider + model a route may send a request to. */
export interface RouteTarget {
  /** `provider/model`, or `provider` when the model name passes through: names the target in headers and logs. */
  readonly key: string;
  readonly upstream: UpstreamTarget;
  /** The model name sent upstream; undefined sends the (alias-resolved) name the caller asked for. */
  readonly model: string | undefined;
  readonly weight: number;
  /** Overrides the provider's `timeoutMs` for response headers and between body chunks. */
  readonly timeoutMs: number | undefined;
  readonly retry: RetryPolicy;
  /** What this target charges: overrides the price table for `lowest-cost`, costs and budgets. */
  readonly price: ModelPrice | undefined;
  readonly health: TargetHealth;
}

/** A compiled routing rule: which requests it takes and how it spreads them over its targets. */
export interface Route {
  /** Where it came from in the configuration (`llm.models[2]`), for errors and headers. */
  readonly id: string;
  readonly strategy: Strategy;
  readonly targets: readonly RouteTarget[];
  /** The formats its providers speak (a caller in another one is translated). */
  readonly formats: readonly ProviderFormat[];
  /** Upstream statuses that move on to a retry or the next target (timeouts and connection errors always do). */
  readonly fallbackOn: StatusSet;
  readonly when: Condition | undefined;
}
