import { targetPrice, type ModelPrice } from '../../price-table.js';
import type { RouteTarget } from '../route.js';

/** Input plus output price per million tokens (LiteLLM's cost routing sums them too); unknown sorts last. */
function cost(t: RouteTarget, model: string, prices: Readonly<Record<string, ModelPrice>>): number {
  const p = targetPrice(prices, t, model);
  return p === undefined ? Number.POSITIVE_INFINITY : p.input + p.output;
}

/** `lowest-cost`: cheapest first by list price; ties and unpriced targets keep the configured order. */
export function orderLowestCost(targets: readonly RouteTarget[], model: string, prices: Readonly<Record<string, ModelPrice>>): readonly RouteTarget[] {
  return targets
    .map((t, i) => ({ t, c: cost(t, model, prices), i }))
    .sort((a, b) => (a.c === b.c ? a.i - b.i : a.c < b.c ? -1 : 1))
    .map((x) => x.t);
}
