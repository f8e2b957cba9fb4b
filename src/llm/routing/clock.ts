import { setTimeout as delay } from 'node:timers/promises';

/** Time as routing sees it: injected so breakers and backoff are tested without sleeping (STYLE.md §4). */
export interface RoutingClock {
  /** Epoch milliseconds. */
  now(): number;
  /** Waits `ms`; resolves early (never rejects) when `signal` aborts. */
  sleep(ms: number, signal: AbortSignal): Promise<void>;
  /** A number in [0, 1): backoff jitter and weighted picks. */
  random(): number;
}

/** The real clock. */
export const SYSTEM_CLOCK: RoutingClock = {
  now: Date.now,
  sleep: (ms, signal) => delay(ms, undefined, { signal }).catch(() => undefined),
  random: Math.random,
};
