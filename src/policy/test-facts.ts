import type { ChainLink, Redaction } from '../core/decision.js';
import type { Facts } from '../core/facts.js';
import { NO_FINDINGS, type Finding } from '../core/findings.js';
import { CONSEQUENTIAL } from '../core/labels.js';
import type { PolicyInput } from '../core/policy.js';

/** Overrides for `makeFacts`: any top-level fact, and any subset of the fields of `event`, `session`, `args`. */
export interface FactsOverrides {
  readonly event?: Partial<Facts['event']>;
  readonly findings?: Facts['findings'];
  readonly severity?: Facts['severity'];
  readonly session?: Partial<Facts['session']>;
  readonly args?: Partial<Facts['args']>;
  readonly intent_injected?: boolean;
  readonly intent_from_user?: boolean;
}

/**
 * Facts for tests: a benign `tool.call` in a fresh session, with `overrides` applied. Unless given,
 * `event.consequential` follows `event.capabilities`, as the engine computes it.
 */
export function makeFacts(overrides: FactsOverrides = {}): Facts {
  const capabilities = overrides.event?.capabilities ?? [];
  return {
    event: {
      kind: 'tool.call',
      source: 'mcp',
      tool: 'test_tool',
      server: 'test',
      capabilities,
      consequential: capabilities.some((c) => CONSEQUENTIAL.has(c)),
      user: 'user',
      agent: 'agent',
      ...overrides.event,
    },
    findings: overrides.findings ?? [],
    severity: overrides.severity ?? 'none',
    session: {
      events: 1,
      untrusted: false,
      injection: false,
      injection_strong: false,
      private_data: false,
      secret: false,
      ...overrides.session,
    },
    args: { from_user: [], untrusted_only: [], injected: [], ...overrides.args },
    intent_injected: overrides.intent_injected ?? false,
    intent_from_user: overrides.intent_from_user ?? false,
  };
}

/** A `PolicyInput` for tests that records every `chain(reads)` call. */
export interface RecordingInput extends PolicyInput {
  readonly chainCalls: ReadonlySet<string>[];
}

/** Wraps facts in a `PolicyInput`; `chain` returns one link per fact path read, so tests can see them. */
export function makePolicyInput(
  facts: Facts,
  opts: { findings?: readonly Finding[]; redactions?: readonly Redaction[] } = {},
): RecordingInput {
  const chainCalls: ReadonlySet<string>[] = [];
  return {
    facts,
    findings: opts.findings ?? NO_FINDINGS,
    chainCalls,
    chain(reads: ReadonlySet<string>): readonly ChainLink[] {
      chainCalls.push(reads);
      return [...reads].map((path, seq) => ({ seq, kind: 'tool.result', role: `read ${path}`, summary: path }));
    },
    redactions: () => opts.redactions ?? [],
  };
}
