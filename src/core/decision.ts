import type { Finding, Severity } from './findings.js';

/** What policy can ask for. `log` records a match and lets the event through. */
export const ACTIONS = ['allow', 'deny', 'ask', 'redact', 'log'] as const;
export type Action = (typeof ACTIONS)[number];

/** One step of the causal chain that explains a decision. */
export interface ChainLink {
  readonly seq: number;
  readonly kind: string;
  /** Why this event is in the chain, e.g. `untrusted content with an injected instruction`. */
  readonly role: string;
  /** A short, redacted description of the event. */
  readonly summary: string;
}

/** The rule that produced a decision, with what it covers. */
export interface RuleRef {
  readonly id: string;
  readonly severity: Severity;
  readonly owasp: readonly string[];
}

/** A piece of text to blank out, in the event's text or in one argument. */
export interface Redaction {
  readonly arg: string | undefined;
  readonly start: number;
  readonly end: number;
  readonly replacement: string;
}

interface DecisionBase {
  readonly findings: readonly Finding[];
  /** Rules that matched with action `log`, and any that matched but lost to a stronger action. */
  readonly matched: readonly RuleRef[];
}

/**
 * The engine's answer for one event. A deny is a value, never an exception (STYLE.md §3): each edge renders
 * it in its own wire format.
 */
export type Decision =
  | (DecisionBase & { readonly action: 'allow' })
  | (DecisionBase & { readonly action: 'deny'; readonly rule: RuleRef; readonly reason: string; readonly chain: readonly ChainLink[] })
  | (DecisionBase & { readonly action: 'ask'; readonly rule: RuleRef; readonly prompt: string; readonly chain: readonly ChainLink[] })
  | (DecisionBase & { readonly action: 'redact'; readonly rule: RuleRef; readonly reason: string; readonly redactions: readonly Redaction[]; readonly chain: readonly ChainLink[] });

/** True when the decision stops the event (deny) or holds it for a human (ask). */
export function halts(decision: Decision): boolean {
  return decision.action === 'deny' || decision.action === 'ask';
}
