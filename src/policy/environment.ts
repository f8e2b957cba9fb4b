import { Environment, EvaluationError, ParseError, TypeError as CelTypeError, type ASTNode } from '@marcbachmann/cel-js';
import { SEVERITY_RANK, type Severity } from '../core/findings.js';
import { err, ok, type Result } from '../core/result.js';
import { ARGS_FIELDS, CelArgs, CelEvent, CelSession, EVENT_FIELDS, SESSION_FIELDS, VARIABLE_TYPES, type CelContext } from './cel-context.js';
import { factReads } from './fact-reads.js';

/**
 * The CEL environment every rule's `when` is checked and evaluated in, built once per process.
 *
 * Variables (see `Facts` in src/core/facts.ts; a misspelt variable or field is a load-time error):
 *
 * | variable           | type           | fields                                                                   |
 * |--------------------|----------------|--------------------------------------------------------------------------|
 * | `event`            | `Event`        | kind, source, tool, server, user, agent: string; capabilities: list<string>; consequential: bool |
 * | `findings`         | `list<string>` | finding kinds on this event, e.g. `secret.aws-access-key`                |
 * | `severity`         | `string`       | highest finding severity: `none`, `info`, `low`, `medium`, `high`, `critical` |
 * | `session`          | `Session`      | events: int; untrusted, injection, injection_strong, private_data, secret: bool |
 * | `args`             | `Args`         | from_user, untrusted_only, injected: list<string> (argument names)       |
 * | `intent_injected`  | `bool`         |                                                                          |
 * | `intent_from_user` | `bool`         |                                                                          |
 *
 * Idioms for findings (a CEL function cannot see the context, so the list is always the receiver):
 * - one exact kind: `"secret.aws-access-key" in findings`
 * - a family: `findings.exists(f, f.startsWith("secret."))`, or the helper `findings.any_prefix("secret.")`
 * - several families: `findings.exists(f, f.startsWith("secret.") || f.startsWith("pii."))`
 * - none at all: `size(findings) == 0`
 * - by severity: `severity_at_least(severity, "high")`, or `severity in ["high", "critical"]`
 *
 * Helpers registered here:
 * - `list<string>.any_prefix(prefix string): bool`: some element starts with `prefix`.
 * - `list<string>.intersects(other list<string>): bool`: the lists share an element, e.g.
 *   `event.capabilities.intersects(["sends-out", "executes"])`.
 * - `severity_at_least(s string, min string): bool`: `s` ranks at or above `min`; `none` ranks below all.
 *   An unknown `min` is an evaluation error (the rule's `on_error` applies).
 *
 * Integers are CEL `int` (BigInt at runtime): `session.events > 20` works as written.
 */
export const POLICY_ENV: Environment = new Environment()
  .registerType('Event', { ctor: CelEvent, fields: EVENT_FIELDS })
  .registerType('Session', { ctor: CelSession, fields: SESSION_FIELDS })
  .registerType('Args', { ctor: CelArgs, fields: ARGS_FIELDS })
  .registerVariable('event', VARIABLE_TYPES.event, { description: 'The event being decided' })
  .registerVariable('findings', VARIABLE_TYPES.findings, { description: 'Finding kinds on this event' })
  .registerVariable('severity', VARIABLE_TYPES.severity, { description: 'Highest finding severity, or none' })
  .registerVariable('session', VARIABLE_TYPES.session, { description: 'What the session has seen so far' })
  .registerVariable('args', VARIABLE_TYPES.args, { description: 'Argument provenance of a tool call' })
  .registerVariable('intent_injected', VARIABLE_TYPES.intent_injected, { description: 'The action came from an injected instruction' })
  .registerVariable('intent_from_user', VARIABLE_TYPES.intent_from_user, { description: "The action is in the user's words" })
  .registerFunction('list<string>.any_prefix(string): bool', anyPrefix, { description: 'Some element starts with the prefix' })
  .registerFunction('list<string>.intersects(list<string>): bool', intersects, { description: 'The lists share an element' })
  .registerFunction('severity_at_least(string, string): bool', severityAtLeast, { description: 'Severity ranks at or above min' });

function anyPrefix(list: readonly string[], prefix: string): boolean {
  for (const s of list) if (s.startsWith(prefix)) return true;
  return false;
}

function intersects(a: readonly string[], b: readonly string[]): boolean {
  // Both lists are a handful of elements (capabilities, argument names): a nested scan beats building a Set.
  for (const x of a) if (b.includes(x)) return true;
  return false;
}

/** A severity's rank (`info` 0 … `critical` 4); -1 for `none` and anything unknown. */
export function severityRank(s: string): number {
  return Object.hasOwn(SEVERITY_RANK, s) ? SEVERITY_RANK[s as Severity] : -1;
}

function severityAtLeast(s: string, min: string): boolean {
  const floor = severityRank(min);
  if (floor < 0) throw new RangeError(`severity_at_least: unknown severity "${min}"`);
  return severityRank(s) >= floor;
}

/** A checked `when` expression, ready to run per event. */
export interface CompiledExpression {
  readonly source: string;
  /** Evaluates against a filled context. Throws on a runtime error (the caller applies `on_error`). */
  evaluate(ctx: CelContext): unknown;
  /** Fact paths the expression reads, e.g. `session.injection`, `args.injected`, `findings`. */
  readonly reads: ReadonlySet<string>;
  /** The checked AST, for compile-time analysis (guards.ts). */
  readonly ast: ASTNode;
}

/** Why an expression was rejected, with the character offset inside the expression it points at. */
export interface ExpressionIssue {
  readonly message: string;
  readonly offset: number;
}

const VARIABLES_HINT = `variables are ${Object.keys(VARIABLE_TYPES).join(', ')}`;

/** Parses and type-checks a `when` expression; it must be a `bool`. Never throws. */
export function compileExpression(source: string): Result<CompiledExpression, ExpressionIssue> {
  let parsed: ReturnType<Environment['parse']>;
  try {
    parsed = POLICY_ENV.parse(source);
  } catch (thrown) {
    if (thrown instanceof ParseError) return err({ message: `CEL syntax error: ${thrown.summary}`, offset: thrown.range?.start ?? 0 });
    return err({ message: `CEL error: ${messageOf(thrown)}`, offset: 0 });
  }
  // check() also records the checked types on the AST, so evaluation skips the runtime type check.
  const checked = parsed.check();
  if (!checked.valid) {
    const e = checked.error;
    if (e instanceof CelTypeError) {
      const hint = e.code === 'unknown_variable' ? ` (${VARIABLES_HINT})` : '';
      return err({ message: `CEL type error: ${e.summary}${hint}`, offset: e.range?.start ?? 0 });
    }
    if (e instanceof ParseError) return err({ message: `CEL syntax error: ${e.summary}`, offset: e.range?.start ?? 0 });
    return err({ message: `CEL error: ${messageOf(e)}`, offset: 0 });
  }
  if (checked.type !== 'bool') return err({ message: `expression must be a bool, got ${checked.type ?? 'unknown'}`, offset: 0 });
  return ok({ source, evaluate: parsed, reads: factReads(parsed.ast), ast: parsed.ast });
}

/** A short message for anything thrown; never the stack. */
export function messageOf(thrown: unknown): string {
  if (thrown instanceof ParseError || thrown instanceof CelTypeError || thrown instanceof EvaluationError) return thrown.summary;
  if (thrown instanceof Error) return thrown.message;
  return String(thrown);
}
