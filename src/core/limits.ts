/**
 * Spending and rate limits (issue 5 §3): what a key, a user, a team or the whole gateway may spend and how fast.
 * Plain data shared by the configuration, the key store and the LLM gateway, which enforces them.
 */

/** How often a budget starts again, on UTC calendar boundaries; `none` never resets. */
export const BUDGET_PERIODS = ['none', 'daily', 'weekly', 'monthly'] as const;
export type BudgetPeriod = (typeof BUDGET_PERIODS)[number];

/** A spending cap in US dollars per period. */
export interface Budget {
  readonly usd: number;
  readonly period: BudgetPeriod;
}

/** Limits that can also be set per model: a budget, requests per minute, tokens per minute. */
export interface ModelLimits {
  readonly budget?: Budget | undefined;
  readonly rpm?: number | undefined;
  readonly tpm?: number | undefined;
}

/**
 * The limits of one key, user or team. `allowedModels` are model names or prefixes ending in `*` (absent: any
 * model); `models` adds limits for the models matching each pattern (a team may spend $50 a month on
 * `claude-opus-*`).
 */
export interface LimitSet extends ModelLimits {
  readonly allowedModels?: readonly string[] | undefined;
  readonly models?: Readonly<Record<string, ModelLimits>> | undefined;
}
