import { describe, expect, it } from 'vitest';
import { compileExpression } from './environment.js';

function reads(source: string): string[] {
  const compiled = compileExpression(source);
  if (!compiled.ok) throw new Error(compiled.error.message);
  return [...compiled.value.reads];
}

describe('factReads', () => {
  it('names struct fields and top-level facts in reading order', () => {
    expect(reads('event.kind == "tool.call" && event.consequential && size(args.injected) > 0')).toEqual([
      'event.kind',
      'event.consequential',
      'args.injected',
    ]);
    expect(reads('intent_injected && !intent_from_user || severity == "high"')).toEqual(['intent_injected', 'intent_from_user', 'severity']);
  });

  it('sees through macros, has() and helpers, and ignores iteration variables', () => {
    expect(reads('findings.exists(f, f.startsWith("secret.")) && has(session.private_data)')).toEqual(['findings', 'session.private_data']);
    expect(reads('event.capabilities.intersects(["sends-out"]) ? session.untrusted : session.injection_strong')).toEqual([
      'event.capabilities',
      'session.untrusted',
      'session.injection_strong',
    ]);
  });

  it('counts a struct bound whole as reading all its fields', () => {
    expect(reads('cel.bind(s, session, s.injection)')).toEqual([
      'session.events',
      'session.untrusted',
      'session.injection',
      'session.injection_strong',
      'session.private_data',
      'session.secret',
    ]);
  });

  it('reads nothing from a constant', () => {
    expect(reads('true')).toEqual([]);
  });
});
