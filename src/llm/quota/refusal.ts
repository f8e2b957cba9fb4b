import { NANO_PER_USD } from '../../core/index.js';
import type { ChargeMeta, ChargePlan } from './charges.js';
import type { Window } from './windows.js';

const usd = (nano: number): string => `$${(nano / NANO_PER_USD).toFixed(nano >= 10 * NANO_PER_USD ? 2 : 4)}`;

/** Seconds until a window ends, at least 1 (what `Retry-After` says). */
export function retryAfterSeconds(w: Window, now: number): number {
  return Math.max(1, Math.ceil((w.end - now) / 1000));
}

/**
 * The message of a refusal: which limit, how much is used, what the request would take, and when it resets.
 * Names the key by its public id only; never a secret.
 */
export function refusalMessage(m: ChargeMeta, n: { readonly limit: number; readonly current: number; readonly amount: number }): string {
  switch (m.kind) {
    case 'usd': {
      const period = m.budget?.period ?? 'none';
      const reset = Number.isFinite(m.window.end) ? `; it resets at ${new Date(m.window.end).toISOString()}` : '';
      return `budget exceeded: ${m.label} has used ${usd(n.current)} of its ${period === 'none' ? '' : `${period} `}budget of ${usd(n.limit)}, and this request may cost up to ${usd(n.amount)}${reset}`;
    }
    case 'rpm':
      return `rate limit reached: ${m.label} allows ${n.limit} requests per minute`;
    case 'tpm':
      return n.amount > n.limit
        ? `request too large: ${m.label} allows ${n.limit} tokens per minute and this request may use ${n.amount} (input plus max_tokens)`
        : `rate limit reached: ${m.label} allows ${n.limit} tokens per minute; ${n.current} are in use and this request may use ${n.amount}`;
  }
}

/**
 * OpenAI's rate-limit headers for the tightest RPM and TPM counters: limit, remaining, and time to reset.
 * `values` are the counters after a reservation; on a refusal, `refused` gives the counter that did not fit.
 * @see https://platform.openai.com/docs/guides/rate-limits#rate-limits-in-headers
 */
export function rateHeaders(plan: ChargePlan, values: readonly number[] | undefined, now: number, refused: { readonly index: number; readonly current: number } | undefined): Record<string, string> | undefined {
  let out: Record<string, string> | undefined;
  const best: Partial<Record<'rpm' | 'tpm', number>> = {};
  for (let i = 0; i < plan.meta.length; i++) {
    const m = plan.meta[i] as ChargeMeta;
    if (m.kind === 'usd') continue;
    const c = plan.charges[i];
    if (c === undefined) continue;
    const used = refused?.index === i ? refused.current : (values?.[i] ?? 0);
    const remaining = Math.max(0, c.limit - used);
    const prev = best[m.kind];
    if (prev !== undefined && prev <= remaining && refused?.index !== i) continue;
    best[m.kind] = remaining;
    const what = m.kind === 'rpm' ? 'requests' : 'tokens';
    out ??= {};
    out[`x-ratelimit-limit-${what}`] = String(c.limit);
    out[`x-ratelimit-remaining-${what}`] = String(remaining);
    out[`x-ratelimit-reset-${what}`] = `${retryAfterSeconds(m.window, now)}s`;
  }
  return out;
}
