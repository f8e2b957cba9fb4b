/** How bad a finding is. Ordered: compare with `SEVERITY_RANK`. */
export const SEVERITIES = ['info', 'low', 'medium', 'high', 'critical'] as const;
export type Severity = (typeof SEVERITIES)[number];
export const SEVERITY_RANK: Readonly<Record<Severity, number>> = { info: 0, low: 1, medium: 2, high: 3, critical: 4 };

/** A half-open character range inside an event's text (or inside one argument, when `arg` is set). */
export interface Span {
  readonly start: number;
  readonly end: number;
}

/**
 * Something a detector noticed. Detectors produce findings; they never decide (DESIGN.md §3).
 * `kind` is dotted: `<detector family>.<what>`, e.g. `injection.override`, `secret.aws-access-key`.
 */
export interface Finding {
  readonly detector: string;
  readonly kind: string;
  readonly severity: Severity;
  readonly message: string;
  /** Where in the event it was seen: the text, or the named argument of a tool call. */
  readonly arg: string | undefined;
  readonly span: Span | undefined;
  /** A short, already-redacted excerpt safe to log. Never the secret itself. */
  readonly excerpt: string | undefined;
}

/** The shared empty findings array: "nothing" costs nothing (STYLE.md §5). */
export const NO_FINDINGS: readonly Finding[] = Object.freeze([]);

/** Builds a finding with every key present, in one shape. */
export function finding(f: {
  detector: string;
  kind: string;
  severity: Severity;
  message: string;
  arg?: string | undefined;
  span?: Span | undefined;
  excerpt?: string | undefined;
}): Finding {
  return {
    detector: f.detector,
    kind: f.kind,
    severity: f.severity,
    message: f.message,
    arg: f.arg,
    span: f.span,
    excerpt: f.excerpt,
  };
}
