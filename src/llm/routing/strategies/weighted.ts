import type { RouteTarget } from '../route.js';

/**
 * `weighted`: one target drawn in proportion to its weight (Portkey's `loadbalance`), then the others by weight,
 * heaviest first, as its fallbacks. `random` is in [0, 1).
 */
export function orderWeighted(targets: readonly RouteTarget[], random: number): readonly RouteTarget[] {
  let total = 0;
  for (const t of targets) total += t.weight;
  let pick = 0;
  let r = random * total;
  for (let i = 0; i < targets.length; i++) {
    r -= (targets[i] as RouteTarget).weight;
    if (r < 0) {
      pick = i;
      break;
    }
  }
  const chosen = targets[pick] as RouteTarget;
  const rest = targets.filter((_, i) => i !== pick).sort((a, b) => b.weight - a.weight);
  return [chosen, ...rest];
}
