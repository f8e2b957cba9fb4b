import { LimitSetSchema } from '../../config/limits-schema.js';
import type { LimitSet } from '../../core/index.js';

/** The `rampart keys create` flags that set a key's limits. */
export interface KeyLimitFlags {
  readonly budget?: string | undefined;
  readonly 'budget-period'?: string | undefined;
  readonly rpm?: string | undefined;
  readonly tpm?: string | undefined;
  readonly model?: readonly string[] | undefined;
}

/**
 * A key's limits from command-line flags, validated by the same schema as the admin API and the config file;
 * undefined when no flag was given, or the first problem.
 */
export function keyLimitsFromFlags(f: KeyLimitFlags): { readonly ok: true; readonly limits: LimitSet | undefined } | { readonly ok: false; readonly message: string } {
  const num = (v: string | undefined): number | undefined => (v === undefined ? undefined : Number(v));
  const raw = {
    budget: f.budget === undefined ? undefined : { usd: num(f.budget), period: f['budget-period'] ?? 'monthly' },
    rpm: num(f.rpm),
    tpm: num(f.tpm),
    allowedModels: f.model,
  };
  if (Object.values(raw).every((v) => v === undefined)) {
    return f['budget-period'] === undefined ? { ok: true, limits: undefined } : { ok: false, message: '--budget-period needs --budget' };
  }
  const parsed = LimitSetSchema.safeParse(raw);
  if (parsed.success) return { ok: true, limits: parsed.data };
  const first = parsed.error.issues[0];
  const flag = first === undefined ? 'limits' : first.path[0] === 'allowedModels' ? '--model' : first.path[0] === 'budget' && first.path[1] === 'period' ? '--budget-period' : `--${String(first.path[0])}`;
  return { ok: false, message: `${flag}: ${first?.message ?? 'invalid'}` };
}
