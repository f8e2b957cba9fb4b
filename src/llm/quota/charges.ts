import type { Budget, ModelLimits } from '../../core/index.js';
import { NANO_PER_USD } from '../../core/index.js';
import type { Charge } from './counters.js';
import { matchesModel, type Layer } from './layers.js';
import { budgetWindow, minuteWindow, type Window } from './windows.js';

/** What a charge is, for messages, headers and settling. */
export type ChargeMeta =
  | { readonly kind: 'usd'; readonly label: string; readonly budget: Budget | undefined; readonly spendScope: string; readonly window: Window }
  | { readonly kind: 'rpm' | 'tpm'; readonly label: string; readonly window: Window };

/** The estimate a request is reserved at. */
export interface Estimate {
  /** Input plus the most output tokens it may produce. */
  readonly tokens: number;
  /** What those tokens could cost at the dearest target's prices, nano-dollars. */
  readonly nanoUsd: number;
}

/** Charges with their meaning, in the same order. */
export interface ChargePlan {
  readonly charges: Charge[];
  readonly meta: ChargeMeta[];
}

/**
 * The counters one request charges across its layers: per layer a spend total (tracked layers), its windowed
 * budget, RPM and TPM, and the same for each per-model entry matching one of the request's model names.
 * Counter keys are `<scope>|<what>@<window start>`; a budget's spend scope (what the store keeps) is the key
 * without the window. `every-model` plans every per-model entry (for reading the counters back).
 */
export function planCharges(layers: readonly Layer[], names: readonly string[] | 'every-model', est: Estimate, now: number): ChargePlan {
  const plan: ChargePlan = { charges: [], meta: [] };
  for (const layer of layers) {
    const l = layer.limits;
    const lifetime = l?.budget?.period === 'none' ? l.budget : undefined;
    if (layer.track || lifetime !== undefined) usd(plan, layer.scope, layer.label, lifetime, est, now);
    if (l === undefined) continue;
    if (l.budget !== undefined && l.budget.period !== 'none') usd(plan, layer.scope, layer.label, l.budget, est, now);
    rates(plan, layer.scope, layer.label, l, est, now);
    const models = l.models;
    if (models === undefined) continue;
    for (const pattern in models) {
      if (names !== 'every-model' && !names.some((n) => matchesModel(pattern, n))) continue;
      const m = models[pattern] as ModelLimits;
      const scope = `${layer.scope}|model:${pattern}`;
      const label = `${pattern} for ${layer.label}`;
      if (m.budget !== undefined) usd(plan, scope, label, m.budget, est, now);
      rates(plan, scope, label, m, est, now);
    }
  }
  return plan;
}

function usd(plan: ChargePlan, scope: string, label: string, budget: Budget | undefined, est: Estimate, now: number): void {
  const period = budget?.period ?? 'none';
  const window = budgetWindow(period, now);
  const spendScope = `${scope}|${period}`;
  plan.charges.push({ key: `${spendScope}@${window.start}`, amount: est.nanoUsd, limit: budget === undefined ? Infinity : Math.round(budget.usd * NANO_PER_USD), expiresAt: window.end });
  plan.meta.push({ kind: 'usd', label, budget, spendScope, window });
}

function rates(plan: ChargePlan, scope: string, label: string, m: ModelLimits, est: Estimate, now: number): void {
  if (m.rpm === undefined && m.tpm === undefined) return;
  const window = minuteWindow(now);
  if (m.rpm !== undefined) {
    plan.charges.push({ key: `${scope}|rpm@${window.start}`, amount: 1, limit: m.rpm, expiresAt: window.end });
    plan.meta.push({ kind: 'rpm', label, window });
  }
  if (m.tpm !== undefined) {
    plan.charges.push({ key: `${scope}|tpm@${window.start}`, amount: est.tokens, limit: m.tpm, expiresAt: window.end });
    plan.meta.push({ kind: 'tpm', label, window });
  }
}
