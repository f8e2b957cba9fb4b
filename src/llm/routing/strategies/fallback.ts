import type { RouteTarget } from '../route.js';

/** `fallback`: the configured order, the first healthy target first. No allocation. */
export function orderFallback(targets: readonly RouteTarget[]): readonly RouteTarget[] {
  return targets;
}
