/** Delay before restart attempt `attempt` (0-based): 250 ms doubling, capped at `maxMs`. */
export function backoffMs(attempt: number, maxMs = 30_000): number {
  return Math.min(maxMs, 250 * 2 ** Math.min(attempt, 20));
}
