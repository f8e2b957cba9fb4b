import type { SpendRecord, SpendSink } from '../../core/index.js';
import { NANO_PER_USD } from '../../core/index.js';
import { planCharges, type ChargeMeta, type ChargePlan, type Estimate } from './charges.js';
import type { QuotaCounters, TryAddResult } from './counters.js';
import { layersOf, matchesModel, type QuotaConfig, type QuotaSubject } from './layers.js';
import { rateHeaders, refusalMessage, retryAfterSeconds } from './refusal.js';

/** What a request asks of its quotas before it is sent. */
export interface QuotaAsk {
  readonly subject: QuotaSubject;
  /** Every name the request goes by: as asked, after aliases, and each target's upstream model. */
  readonly names: readonly string[];
  /** The names `allowedModels` is checked against: as asked and after aliases. */
  readonly callerNames: readonly string[];
  readonly estimate: Estimate;
  /**
   * A model the request may be answered by that has no price. Its cost would settle to nothing, so a request
   * under a USD budget is refused rather than served free (fail closed by design; price it to serve it).
   */
  readonly unpriced?: string | undefined;
}

/** A request held back by a quota: the error-table code, a message safe to send, and headers for the reply. */
export interface QuotaRefusal {
  readonly kind: 'refused';
  readonly code: 'RATE_LIMITED' | 'BUDGET_EXCEEDED' | 'FORBIDDEN' | 'UNAVAILABLE';
  readonly message: string;
  readonly headers: Readonly<Record<string, string>>;
}

/** Room reserved for one request; `settle` it exactly once, whatever happens to the request. */
export interface Reservation {
  readonly kind: 'reserved';
  /** `x-ratelimit-*` headers (OpenAI's names) when an RPM or TPM limit applies. */
  readonly headers: Readonly<Record<string, string>> | undefined;
  readonly estimate: Estimate;
  readonly plan: ChargePlan;
  settled: boolean;
}

/** What a request actually used. */
export interface Actual {
  readonly tokens: number;
  readonly nanoUsd: number;
}

/**
 * Budgets and rate limits of the LLM gateway, enforced by reserve-then-settle (issue 5 §3). `reserve` adds a
 * request's estimate (one request, its tokens, its highest possible cost) to every counter that applies, all or
 * nothing, or refuses naming the first limit it would break; `settle` swaps the estimate for what the reply
 * used and hands the spend to the store. In-flight requests therefore hold their room: concurrent requests
 * cannot together spend past a budget by more than the estimates undershoot.
 *
 * With `MemoryCounters` nothing here awaits; a shared-counter implementation returns promises instead.
 */
export class Quota {
  readonly #config: QuotaConfig;
  readonly #counters: QuotaCounters;
  readonly #sink: SpendSink | undefined;
  readonly #now: () => number;
  readonly #onError: (e: unknown) => void;

  constructor(opts: { config: QuotaConfig; counters: QuotaCounters; sink?: SpendSink | undefined; now?: (() => number) | undefined; onError?: ((e: unknown) => void) | undefined }) {
    this.#config = opts.config;
    this.#counters = opts.counters;
    this.#sink = opts.sink;
    this.#now = opts.now ?? Date.now;
    this.#onError = opts.onError ?? (() => undefined);
  }

  get config(): QuotaConfig {
    return this.#config;
  }

  get counters(): QuotaCounters {
    return this.#counters;
  }

  /** Output tokens reserved for a request that names no maximum. */
  get defaultMaxTokens(): number {
    return this.#config.defaultMaxTokens;
  }

  /** Loads spend read back from the store at startup into the counters (before any request). */
  async seed(rows: readonly SpendRecord[]): Promise<void> {
    for (const r of rows) await this.#counters.seed(`${r.scope}@${r.windowStart}`, r.nanoUsd, r.windowEnd ?? Infinity);
  }

  /** Reserves room for a request, or says which limit refuses it. */
  reserve(ask: QuotaAsk): Reservation | QuotaRefusal | Promise<Reservation | QuotaRefusal> {
    const layers = layersOf(this.#config, ask.subject);
    for (const layer of layers) {
      const allowed = layer.limits?.allowedModels;
      if (allowed !== undefined && !allowed.some((p) => ask.callerNames.some((n) => matchesModel(p, n)))) {
        return { kind: 'refused', code: 'FORBIDDEN', message: `${layer.label} may not use model ${(ask.callerNames[0] ?? '').slice(0, 200)}`, headers: {} };
      }
    }
    const now = this.#now();
    const plan = planCharges(layers, ask.names, ask.estimate, now);
    if (ask.unpriced !== undefined) {
      const budgeted = plan.meta.find((m) => m.kind === 'usd' && m.budget !== undefined);
      if (budgeted !== undefined) {
        const model = ask.unpriced.slice(0, 200);
        return { kind: 'refused', code: 'FORBIDDEN', message: `model ${model} has no price, so the budget of ${budgeted.label} cannot be enforced on it; give it one under llm.prices`, headers: {} };
      }
    }
    const r = this.#counters.tryAdd(plan.charges);
    if (!(r instanceof Promise)) return this.#outcome(plan, ask.estimate, r, now);
    return r.then(
      (x) => this.#outcome(plan, ask.estimate, x, now),
      (e: unknown): QuotaRefusal => {
        // Shared counters unreachable: refuse (503, which SDKs retry) rather than serve unlimited.
        this.#onError(e);
        return { kind: 'refused', code: 'UNAVAILABLE', message: 'budgets and rate limits cannot be checked right now (the counter store is unreachable)', headers: { 'retry-after': '1' } };
      },
    );
  }

  /** Replaces a reservation with what the request used. Idempotent; never throws. */
  settle(res: Reservation, actual: Actual): void {
    if (res.settled) return;
    res.settled = true;
    const { charges, meta } = res.plan;
    for (let i = 0; i < charges.length; i++) {
      const c = charges[i];
      const m = meta[i] as ChargeMeta;
      if (c === undefined) continue;
      let delta = 0;
      if (m.kind === 'usd') {
        delta = actual.nanoUsd - c.amount;
        if (actual.nanoUsd > 0) this.#sink?.recordSpend({ scope: m.spendScope, windowStart: m.window.start, windowEnd: Number.isFinite(m.window.end) ? m.window.end : undefined, nanoUsd: actual.nanoUsd });
      } else if (m.kind === 'tpm') delta = actual.tokens - c.amount;
      if (delta === 0) continue;
      try {
        const p = this.#counters.add(c.key, delta);
        if (p instanceof Promise) p.catch(this.#onError);
      } catch (e) {
        this.#onError(e);
      }
    }
  }

  #outcome(plan: ChargePlan, estimate: Estimate, r: TryAddResult, now: number): Reservation | QuotaRefusal {
    if (!r.ok) {
      const m = plan.meta[r.index] as ChargeMeta;
      const c = plan.charges[r.index];
      const limit = c?.limit ?? 0;
      const message = refusalMessage(m, { limit, current: r.current, amount: c?.amount ?? 0 });
      if (m.kind === 'usd') return { kind: 'refused', code: 'BUDGET_EXCEEDED', message, headers: {} };
      const retry = retryAfterSeconds(m.window, now);
      return { kind: 'refused', code: 'RATE_LIMITED', message, headers: { 'retry-after': String(retry), ...rateHeaders(plan, undefined, now, { index: r.index, current: r.current }) } };
    }
    return { kind: 'reserved', headers: rateHeaders(plan, r.values, now, undefined), estimate, plan, settled: false };
  }
}

/**
 * Nano-dollars of a US dollar amount, rounded to the nearest: float products such as 5 × $0.02 / 1e6 land a hair
 * above the integer (100.00000000000001), and rounding up would charge a nano-dollar that was never spent.
 */
export function toNano(usd: number | undefined): number {
  return usd === undefined || !(usd > 0) ? 0 : Math.round(usd * NANO_PER_USD);
}
