import type { AgentEvent, Finding, Redaction } from '../core/index.js';

/** Finding families whose matched text is replaced when a `redact` rule fires. */
const REDACTABLE = ['secret.', 'pii.'];

/** Redactions for the redactable findings on an event: one per finding with a span. */
export function redactionsFor(_event: AgentEvent, findings: readonly Finding[]): readonly Redaction[] {
  const out: Redaction[] = [];
  for (const f of findings) {
    if (f.span === undefined || !REDACTABLE.some((p) => f.kind.startsWith(p))) continue;
    out.push({ arg: f.arg, start: f.span.start, end: f.span.end, replacement: `[REDACTED:${f.kind}]` });
  }
  return out;
}
