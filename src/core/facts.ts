import type { Capability } from './labels.js';
import type { Severity } from './findings.js';

/**
 * What policy sees about one event: a plain, CEL-friendly view built by the engine from the event, its
 * findings and the session state. Policy expressions read only these fields (see docs/policy.md).
 *
 * Every field is always present (stable shapes, STYLE.md §5). Lists hold strings; counts are numbers.
 */
export interface Facts {
  readonly event: {
    readonly kind: string;
    readonly source: string;
    readonly tool: string;
    readonly server: string;
    readonly capabilities: readonly Capability[];
    /** True when any of the capabilities is consequential (writes, sends-out, executes, destroys). */
    readonly consequential: boolean;
    readonly user: string;
    readonly agent: string;
  };
  /** Finding kinds on this event, e.g. `secret.aws-access-key`, and their maximum severity. */
  readonly findings: readonly string[];
  readonly severity: Severity | 'none';
  readonly session: {
    readonly events: number;
    /** Untrusted content has entered the model's context. */
    readonly untrusted: boolean;
    /** Untrusted content carried something that reads as an instruction to the agent. */
    readonly injection: boolean;
    /** ... and that instruction used an override or impersonation form (ignore previous, fake system turn). */
    readonly injection_strong: boolean;
    /** Private data (reads-private tool output) has entered the context. */
    readonly private_data: boolean;
    /** A secret has entered the context. */
    readonly secret: boolean;
  };
  /** Argument provenance for tool calls (empty lists elsewhere). Values are argument names. */
  readonly args: {
    /** Arguments with a value that traces to the user's own words. */
    readonly from_user: readonly string[];
    /** Arguments with a value found only in untrusted tool output. */
    readonly untrusted_only: readonly string[];
    /** Arguments with a value found inside an injected instruction and not in the user's words. */
    readonly injected: readonly string[];
  };
  /** The call's action (tool name words) appears in an injected instruction and not in the user's words. */
  readonly intent_injected: boolean;
  /** The call's action words appear in the user's words. */
  readonly intent_from_user: boolean;
}

/** Names of the session facts that policy may read; the causal chain is built from these. */
export const SESSION_FACTS = ['untrusted', 'injection', 'injection_strong', 'private_data', 'secret'] as const;
export type SessionFact = (typeof SESSION_FACTS)[number];
