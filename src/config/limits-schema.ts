import { z } from 'zod';
import { BUDGET_PERIODS } from '../core/index.js';

/** A model name, or a prefix ending in `*` (`claude-opus-*`), as in `llm.models[].match`. */
const ModelPattern = z.string().min(1).max(200);

/** A spending cap: US dollars per period (UTC calendar; `none` never resets). */
export const BudgetSchema = z.object({ usd: z.number().min(0), period: z.enum(BUDGET_PERIODS).default('monthly') }).strict();

/** Limits that also apply per model: a budget, requests per minute, tokens per minute (input + output). */
export const ModelLimitsSchema = z
  .object({
    budget: BudgetSchema.optional(),
    rpm: z.number().int().positive().optional(),
    tpm: z.number().int().positive().optional(),
  })
  .strict();

/**
 * The limits of one key, user or team (LiteLLM's `max_budget` + `budget_duration`, `rpm_limit`, `tpm_limit`,
 * `models`): its own budget and rate limits, the models it may use, and limits per model pattern.
 */
export const LimitSetSchema = ModelLimitsSchema.extend({
  /** Models it may call (names or `prefix*`); absent: any configured model. */
  allowedModels: z.array(ModelPattern).max(256).optional(),
  /** Limits for the models matching each pattern, on top of the set's own. */
  models: z.record(ModelPattern, ModelLimitsSchema).optional(),
}).strict();

/** A user or team name, as API keys accept them. */
const Name = z.string().regex(/^[\w.@+:-]{1,128}$/, 'letters, digits and . @ + : - only');

/**
 * Budgets and rate limits of the LLM gateway (issue 5 §3). A request counts against its key (limits set when
 * the key is created), its user and its key's team (here), and the gateway-wide per-model limits; it is refused
 * when any of them would be exceeded. Enforced before the request goes upstream, with a reservation that is
 * settled to the actual cost when the reply ends.
 */
export const QuotasSchema = z
  .object({
    teams: z.record(Name, LimitSetSchema).default({}),
    users: z.record(Name, LimitSetSchema).default({}),
    /** Gateway-wide limits per model pattern, whoever calls. */
    models: z.record(ModelPattern, ModelLimitsSchema).default({}),
    /** Output tokens reserved for a request that names no `max_tokens` (OpenAI's is optional). */
    defaultMaxTokens: z.number().int().positive().default(4096),
    /**
     * Keep the counters in Redis, shared by every replica (default: in memory, one replica). Requests are
     * refused with 503 while it is unreachable; the gateway does not start without it.
     */
    redis: z
      .object({
        url: z.url({ protocol: /^rediss?$/ }),
        prefix: z.string().min(1).max(64).default('rampart:quota:'),
      })
      .strict()
      .optional(),
  })
  .strict();

/** The default of the `quotas` section: nothing limited, spend still tracked. */
export const QUOTAS_DEFAULT = { teams: {}, users: {}, models: {}, defaultMaxTokens: 4096 } as const;

export type QuotasConfig = z.infer<typeof QuotasSchema>;
