import type { RouteTarget } from '../route.js';

/**
 * `lowest-latency`: by the moving average of time to response headers, fastest first. A target never measured
 * sorts first, so each gets tried (LiteLLM's latency routing does the same); ties keep the configured order.
 */
export function orderLowestLatency(targets: readonly RouteTarget[]): readonly RouteTarget[] {
  return [...targets].sort((a, b) => (a.health.latency.value ?? -1) - (b.health.latency.value ?? -1));
}
