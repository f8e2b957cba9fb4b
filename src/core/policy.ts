import type { ChainLink, Decision, Redaction, RuleRef } from './decision.js';
import type { Facts } from './facts.js';
import type { Finding } from './findings.js';

/** What the engine hands policy for one event. */
export interface PolicyInput {
  readonly facts: Facts;
  readonly findings: readonly Finding[];
  /** Builds the causal chain for a rule from the facts it reads. Called only when a rule halts or redacts. */
  chain(reads: ReadonlySet<string>): readonly ChainLink[];
  /** Redactions for the findings on this event (secrets, personal data), for `redact` rules. */
  redactions(): readonly Redaction[];
}

/** A compiled policy: built once at startup, evaluated per event, never throws. */
export interface Policy {
  readonly id: string;
  readonly rules: readonly RuleRef[];
  decide(input: PolicyInput): Decision;
}
