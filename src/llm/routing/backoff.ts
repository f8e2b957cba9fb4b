/** How a target is retried before the route moves on. */
export interface RetryPolicy {
  /** Extra tries on the same target (0: none, the default; fallback to the next target is separate). */
  readonly attempts: number;
  /** First backoff delay; doubles with each retry. */
  readonly initialDelayMs: number;
  /** Cap on a computed backoff delay. */
  readonly maxDelayMs: number;
  /** Longest `Retry-After` honoured; an upstream asking for more is not retried but fallen over from. */
  readonly maxRetryAfterMs: number;
}

/** Retry settings as configured: any field may be left to the defaults. */
export type RetryOverrides = { readonly [K in keyof RetryPolicy]?: RetryPolicy[K] | undefined };

/** `base` with the fields `over` sets. */
export function mergeRetry(base: RetryPolicy, over: RetryOverrides | undefined): RetryPolicy {
  if (over === undefined) return base;
  return {
    attempts: over.attempts ?? base.attempts,
    initialDelayMs: over.initialDelayMs ?? base.initialDelayMs,
    maxDelayMs: over.maxDelayMs ?? base.maxDelayMs,
    maxRetryAfterMs: over.maxRetryAfterMs ?? base.maxRetryAfterMs,
  };
}

/** The built-in retry settings: no retries; the delays apply once `attempts` is raised. */
export const NO_RETRY: RetryPolicy = { attempts: 0, initialDelayMs: 500, maxDelayMs: 8_000, maxRetryAfterMs: 30_000 };

/**
 * The delay before retry `retry` (0-based): exponential, capped, with jitter that takes off up to a quarter
 * (the OpenAI and Anthropic SDKs' scheme: spreads a herd of clients without ever waiting longer than the cap).
 */
export function backoffDelayMs(p: RetryPolicy, retry: number, random: number): number {
  const base = Math.min(p.maxDelayMs, p.initialDelayMs * 2 ** Math.min(retry, 30));
  return Math.round(base * (1 - 0.25 * random));
}

/**
 * The wait before retrying after a failure: the upstream's `Retry-After` when it gave one (undefined: it asked
 * for longer than we honour, so do not retry this target), else the backoff delay.
 */
export function retryDelayMs(p: RetryPolicy, retry: number, random: number, retryAfter: number | undefined): number | undefined {
  if (retryAfter === undefined) return backoffDelayMs(p, retry, random);
  return retryAfter > p.maxRetryAfterMs ? undefined : retryAfter;
}
