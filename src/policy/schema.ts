import * as z from 'zod';
import { ACTIONS } from '../core/decision.js';
import { SEVERITIES } from '../core/findings.js';
import { compileExpression } from './environment.js';

/** OWASP Top 10 for Agentic Applications 2026 (`ASI`) and OWASP Top 10 for LLM Applications 2025 (`LLM`). */
export const OWASP_IDS = [
  'ASI01', 'ASI02', 'ASI03', 'ASI04', 'ASI05', 'ASI06', 'ASI07', 'ASI08', 'ASI09', 'ASI10',
  'LLM01', 'LLM02', 'LLM03', 'LLM04', 'LLM05', 'LLM06', 'LLM07', 'LLM08', 'LLM09', 'LLM10',
] as const;
export type OwaspId = (typeof OWASP_IDS)[number];

const KEBAB = /^[a-z0-9]+(?:-[a-z0-9]+)*$/;
const kebab = (what: string): z.ZodString => z.string().regex(KEBAB, `${what} must be kebab-case, e.g. injected-argument`);

/**
 * A `when` expression: CEL over `Facts`, parsed and type-checked here so that a misspelt variable fails
 * when the file is loaded, not on the first event. `params.offset` points inside the expression; the
 * loader turns it into a line and column of the file.
 */
const WhenSchema = z.string().min(1).superRefine((source, ctx) => {
  const compiled = compileExpression(source);
  if (!compiled.ok) ctx.addIssue({ code: 'custom', message: compiled.error.message, params: { offset: compiled.error.offset } });
});

/** One rule of a policy file. */
export const RuleSchema = z
  .object({
    id: kebab('rule id'),
    description: z.string().min(1),
    when: WhenSchema,
    action: z.enum(ACTIONS),
    severity: z.enum(SEVERITIES),
    owasp: z
      .array(z.enum(OWASP_IDS, { error: 'expected an OWASP id: ASI01..ASI10 (Agentic Top 10 2026) or LLM01..LLM10 (LLM Top 10 2025)' }))
      .default([]),
    /** Shown to the agent or user; `description` when omitted. */
    message: z.string().min(1).optional(),
    /** What the rule does when its expression fails at runtime; see `onErrorAction`. */
    on_error: z.enum(ACTIONS).optional(),
    enabled: z.boolean().default(true),
  })
  .strict();

/**
 * One MCP access rule (issue 4 §5): who (users, groups; absent = everyone) may use which servers and tools
 * (absent = all; `*` ends a prefix pattern), optionally only tools whose annotations say read-only
 * (`readOnly: true`) or only the others (`readOnly: false`: a missing hint counts as destructive).
 * Rules are tried in order across files; the first match decides. No match allows.
 */
export const AccessRuleSchema = z
  .object({
    id: kebab('access rule id'),
    description: z.string().min(1).optional(),
    users: z.array(z.string().min(1)).optional(),
    groups: z.array(z.string().min(1)).optional(),
    servers: z.array(z.string().min(1)).optional(),
    tools: z.array(z.string().min(1)).optional(),
    readOnly: z.boolean().optional(),
    action: z.enum(['allow', 'deny']),
  })
  .strict();
export type AccessRule = z.infer<typeof AccessRuleSchema>;

/** A policy file: `version: 1`, an id and an ordered list of rules with unique ids. */
export const PolicyFileSchema = z
  .object({
    version: z.literal(1),
    id: kebab('policy id'),
    rules: z.array(RuleSchema).superRefine(uniqueIds, {
      // Run even when some rule is invalid, so one pass reports every problem in the file.
      when: (payload) => Array.isArray(payload.value),
    }),
    /** MCP access rules; see `AccessRuleSchema`. */
    access: z.array(AccessRuleSchema).default([]),
  })
  .strict();

/** A validated policy file, defaults applied. */
export type PolicyDocument = z.infer<typeof PolicyFileSchema>;
/** One validated rule, defaults applied. */
export type PolicyRule = z.infer<typeof RuleSchema>;

function uniqueIds(rules: readonly unknown[], ctx: z.RefinementCtx<readonly unknown[]>): void {
  // Elements may have failed validation (see `when` above), so read ids defensively.
  const seen = new Map<string, number>();
  rules.forEach((rule, i) => {
    const id = typeof rule === 'object' && rule !== null ? (rule as { id?: unknown }).id : undefined;
    if (typeof id !== 'string') return;
    const first = seen.get(id);
    if (first === undefined) seen.set(id, i);
    else ctx.addIssue({ code: 'custom', message: `duplicate rule id "${id}" (first used by rules[${first}])`, path: [i, 'id'] });
  });
}

/** What a rule does when its expression throws: `on_error`, else fail closed for high and critical rules and log the rest. */
export function onErrorAction(rule: Pick<PolicyRule, 'severity' | 'on_error'>): PolicyRule['action'] {
  if (rule.on_error !== undefined) return rule.on_error;
  return rule.severity === 'critical' || rule.severity === 'high' ? 'deny' : 'log';
}
