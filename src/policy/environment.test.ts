import { describe, expect, it } from 'vitest';
import { CelContext } from './cel-context.js';
import { compileExpression } from './environment.js';
import { makeFacts, type FactsOverrides } from './test-facts.js';

/** Compiles `source` (failing the test on an issue) and evaluates it over facts. */
function run(source: string, facts: FactsOverrides = {}): unknown {
  const compiled = compileExpression(source);
  if (!compiled.ok) throw new Error(compiled.error.message);
  return compiled.value.evaluate(new CelContext().fill(makeFacts(facts)));
}

describe('POLICY_ENV: findings idioms', () => {
  const facts: FactsOverrides = { findings: ['secret.aws-access-key', 'injection.override'], severity: 'critical' };

  it('matches one exact kind with in', () => {
    expect(run('"secret.aws-access-key" in findings', facts)).toBe(true);
    expect(run('"secret.github-token" in findings', facts)).toBe(false);
  });

  it('matches a family with exists and startsWith, or any_prefix', () => {
    expect(run('findings.exists(f, f.startsWith("secret."))', facts)).toBe(true);
    expect(run('findings.any_prefix("pii.")', facts)).toBe(false);
    expect(run('findings.any_prefix("injection.")', facts)).toBe(true);
  });

  it('tests for no findings with size', () => {
    expect(run('size(findings) == 0')).toBe(true);
    expect(run('size(findings) == 0', facts)).toBe(false);
  });

  it('compares severities by rank', () => {
    expect(run('severity_at_least(severity, "high")', facts)).toBe(true);
    expect(run('severity_at_least(severity, "info")')).toBe(false); // none ranks below everything
    expect(run('severity in ["high", "critical"]', facts)).toBe(true);
  });
});

describe('POLICY_ENV: facts', () => {
  it('reads session.events as an int, compared with int literals', () => {
    expect(run('session.events > 20', { session: { events: 21 } })).toBe(true);
    expect(run('session.events > 20', { session: { events: 20 } })).toBe(false);
  });

  it('tests capabilities with in and intersects', () => {
    const facts: FactsOverrides = { event: { capabilities: ['reads-private', 'sends-out'] } };
    expect(run('"sends-out" in event.capabilities', facts)).toBe(true);
    expect(run('event.capabilities.intersects(["executes", "sends-out"])', facts)).toBe(true);
    expect(run('event.capabilities.intersects(["executes"])', facts)).toBe(false);
    expect(run('event.consequential', facts)).toBe(true);
  });

  it('reads argument provenance lists', () => {
    expect(run('"to" in args.injected && size(args.from_user) == 0', { args: { injected: ['to'] } })).toBe(true);
  });

  it('survives a count that is not an integer', () => {
    expect(run('session.events == 0', { session: { events: Number.NaN } })).toBe(true);
  });
});

describe('compileExpression: rejections', () => {
  const issue = (source: string): unknown => {
    const r = compileExpression(source);
    return r.ok ? undefined : r.error;
  };

  it('rejects a misspelt variable or field', () => {
    expect(issue('sesion.injection')).toMatchObject({ message: expect.stringContaining('Unknown variable: sesion'), offset: 0 });
    expect(issue('session.injected')).toEqual({ message: 'CEL type error: No such key: injected', offset: 8 });
    expect(issue('event.knd == "x"')).toEqual({ message: 'CEL type error: No such key: knd', offset: 6 });
  });

  it('rejects type mismatches, wrong helper arguments and non-bool results', () => {
    expect(issue('session.events == "3"')).toMatchObject({ message: 'CEL type error: no such overload: int == string' });
    expect(issue('severity_at_least(severity, 3)')).toMatchObject({ message: expect.stringContaining('no matching overload') });
    expect(issue('session.events')).toEqual({ message: 'expression must be a bool, got int', offset: 0 });
  });

  it('rejects a syntax error at its offset', () => {
    expect(issue('event.kind == "a" &&')).toEqual({ message: 'CEL syntax error: Unexpected token: EOF', offset: 20 });
  });
});
