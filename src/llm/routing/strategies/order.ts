import type { ModelPrice } from '../../price-table.js';
import type { Route, RouteTarget } from '../route.js';
import { orderFallback } from './fallback.js';
import { orderLowestCost } from './lowest-cost.js';
import { orderLowestLatency } from './lowest-latency.js';
import { orderWeighted } from './weighted.js';

/** The order in which one request tries a route's targets. A single target is never reordered. */
export function orderTargets(route: Route, o: { model: string; random: number; prices: Readonly<Record<string, ModelPrice>> }): readonly RouteTarget[] {
  if (route.targets.length < 2) return route.targets;
  switch (route.strategy) {
    case 'fallback':
      return orderFallback(route.targets);
    case 'weighted':
      return orderWeighted(route.targets, o.random);
    case 'lowest-latency':
      return orderLowestLatency(route.targets);
    case 'lowest-cost':
      return orderLowestCost(route.targets, o.model, o.prices);
  }
}
