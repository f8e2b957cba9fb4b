import { describe, expect, it } from 'vitest';
import type { Facts } from '../core/facts.js';
import { CAPABILITIES } from '../core/labels.js';
import { CelContext } from './cel-context.js';
import { compileExpression } from './environment.js';
import { compileGuards } from './guards.js';
import { makeFacts } from './test-facts.js';

// [expression, are the guards the whole expression?]
const CASES: readonly [string, boolean][] = [
  ['event.consequential && !session.private_data', true],
  ['event.kind == "tool.call" && "sends-out" in event.capabilities && session.untrusted', true],
  ['"tool.call" != event.kind', true],
  ['size(args.injected) > 0 && args.from_user.size() == 0', true],
  ['session.events > 100 && session.events <= 200', true],
  ['findings.any_prefix("secret.") && findings.exists(f, f.startsWith("pii."))', true],
  ['event.capabilities.intersects(["sends-out", "executes"]) && severity_at_least(severity, "high")', true],
  ['intent_injected && !intent_from_user', true],
  ['event.kind == "tool.call" && (session.injection || session.secret)', true],
  ['(session.injection && !session.secret) || size(args.injected) > 0', true],
  ['findings.exists(f, f in ["secret.aws", "pii.email"]) && event.consequential', true],
  ['event.consequential && (session.injection || event.tool.startsWith("send_"))', false],
  ['session.untrusted && args.injected[0] == "to"', false], // the second conjunct throws on an empty list
  ['severity_at_least(severity, "hgh") && event.consequential', false], // bad bound: CEL's error to report
  ['event.tool.startsWith("send_") && size(findings) != 0', false],
];

/** A deterministic spread of facts (mulberry32), so every guard sees both outcomes. */
function* factsSample(n: number): Generator<Facts> {
  let seed = 42;
  const rand = (): number => {
    seed = (seed + 0x6d2b79f5) | 0;
    let t = Math.imul(seed ^ (seed >>> 15), 1 | seed);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  const pick = <T>(xs: readonly T[]): T => xs[Math.floor(rand() * xs.length)] as T;
  const some = <T>(xs: readonly T[]): T[] => xs.filter(() => rand() < 0.3);
  for (let i = 0; i < n; i++) {
    yield makeFacts({
      event: { kind: pick(['tool.call', 'llm.request']), tool: pick(['send_mail', 'read_file']), capabilities: some(CAPABILITIES) },
      findings: some(['secret.aws', 'pii.email', 'injection.override']),
      severity: pick(['none', 'info', 'high', 'critical'] as const),
      session: { events: pick([0, 100, 101, 200, 201]), untrusted: rand() < 0.5, private_data: rand() < 0.5, injection: rand() < 0.5, secret: rand() < 0.5 },
      args: { injected: some(['to', 'amount']), from_user: some(['to']) },
      intent_injected: rand() < 0.5,
      intent_from_user: rand() < 0.5,
    });
  }
}

describe('compileGuards', () => {
  it.each(CASES)('agrees with CEL on %s', (source, complete) => {
    const compiled = compileExpression(source);
    if (!compiled.ok) throw new Error(compiled.error.message);
    const { guards, complete: isComplete } = compileGuards(compiled.value.ast);
    expect(isComplete).toBe(complete);
    expect(guards.length).toBeGreaterThan(0);
    const ctx = new CelContext();
    let decidedByGuards = 0;
    for (const facts of factsSample(400)) {
      let cel: unknown;
      try {
        cel = compiled.value.evaluate(ctx.fill(facts));
      } catch {
        cel = 'error';
      }
      const pass = guards.every((g) => g(facts));
      if (!pass) {
        decidedByGuards++;
        expect(cel, JSON.stringify(facts)).toBe(false); // a false conjunct makes the whole false, errors or not
      } else if (complete) expect(cel, JSON.stringify(facts)).toBe(true);
    }
    expect(decidedByGuards).toBeGreaterThan(0);
  });

  it('leaves disjunctions and unknown functions to CEL', () => {
    const compiled = compileExpression('session.injection || event.tool.startsWith("x")');
    if (!compiled.ok) throw new Error(compiled.error.message);
    expect(compileGuards(compiled.value.ast)).toMatchObject({ guards: [], complete: false });
  });

  it('names the event kind a rule needs and whether it needs findings', () => {
    const of = (source: string): ReturnType<typeof compileGuards> => {
      const compiled = compileExpression(source);
      if (!compiled.ok) throw new Error(compiled.error.message);
      return compileGuards(compiled.value.ast);
    };
    expect(of('session.untrusted && "tool.result" == event.kind')).toMatchObject({ eventKind: 'tool.result', eventKindGuard: 1, needsFindings: false });
    expect(of('event.kind != "tool.call" && "secret.aws" in findings')).toMatchObject({ eventKind: undefined, eventKindGuard: -1, needsFindings: true });
    expect(of('event.kind == "prompt" || findings.any_prefix("x")')).toMatchObject({ eventKind: undefined, needsFindings: false });
    // These read findings but hold on an empty list, or read more than findings.
    expect(of('size(findings) == 0')).toMatchObject({ needsFindings: false });
    expect(of('findings.any_prefix("x") || session.secret')).toMatchObject({ needsFindings: false });
    expect(of('findings.any_prefix("x") || findings.any_prefix("y")')).toMatchObject({ needsFindings: true });
  });
});
