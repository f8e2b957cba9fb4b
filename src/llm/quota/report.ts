import { NANO_PER_USD } from '../../core/index.js';
import { planCharges, type ChargeMeta } from './charges.js';
import type { Layer } from './layers.js';
import type { Quota } from './quota.js';

/** One limit of a layer as it stands: what is used (settled spend plus reservations in flight) and when it resets. */
export interface LimitStatus {
  /** `usd` for a budget (or the plain spend total when `limit` is undefined), `rpm` or `tpm`. */
  readonly kind: 'usd' | 'rpm' | 'tpm';
  /** What the limit applies to: the layer itself, or `<pattern> for <layer>`. */
  readonly label: string;
  readonly period: string;
  /** US dollars for `usd`, requests or tokens for the rates; undefined: tracked, not limited. */
  readonly limit: number | undefined;
  readonly used: number;
  /** ISO time the window ends; undefined when it never does. */
  readonly resetsAt: string | undefined;
}

/** A key, user, team or the gateway: its limits and where each stands. */
export interface LayerReport {
  readonly scope: string;
  readonly allowedModels: readonly string[] | undefined;
  readonly limits: readonly LimitStatus[];
}

/** Reads a layer's counters back (admin API): every budget and rate it has, per-model ones included. */
export async function reportLayer(quota: Quota, layer: Layer, now: number = Date.now()): Promise<LayerReport> {
  const plan = planCharges([layer], 'every-model', { tokens: 0, nanoUsd: 0 }, now);
  const limits: LimitStatus[] = [];
  for (let i = 0; i < plan.charges.length; i++) {
    const c = plan.charges[i];
    const m = plan.meta[i] as ChargeMeta;
    if (c === undefined) continue;
    const value = await quota.counters.get(c.key);
    const usd = m.kind === 'usd';
    limits.push({
      kind: m.kind,
      label: m.label,
      period: usd ? (m.budget?.period ?? 'none') : 'minute',
      limit: Number.isFinite(c.limit) ? (usd ? c.limit / NANO_PER_USD : c.limit) : undefined,
      used: usd ? value / NANO_PER_USD : value,
      resetsAt: Number.isFinite(m.window.end) ? new Date(m.window.end).toISOString() : undefined,
    });
  }
  return { scope: layer.scope, allowedModels: layer.limits?.allowedModels, limits };
}
