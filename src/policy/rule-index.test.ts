import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { finding, type Finding } from '../core/findings.js';
import { CAPABILITIES } from '../core/labels.js';
import { compilePolicy } from './compile.js';
import { formatIssue, parsePolicy } from './load.js';
import type { PolicyDocument } from './schema.js';
import { makeFacts, makePolicyInput } from './test-facts.js';

function parse(text: string, name: string): PolicyDocument {
  const parsed = parsePolicy(text, name);
  if (!parsed.ok) throw new Error(parsed.error.map(formatIssue).join('\n'));
  return parsed.value;
}

const DEFAULT = parse(readFileSync(new URL('../../policies/default.yaml', import.meta.url), 'utf8'), 'default.yaml');

// Rules the default pack does not have: kinds in either order, two kind conjuncts, disjunctions, partial guards,
// a rule that errs, findings tests that pass on an empty list.
const EXTRA = parse(
  `version: 1
id: extra
rules:
${[
  ['kind-right', '"tool.result" == event.kind && session.untrusted', 'log'],
  ['two-kinds', 'event.kind == "prompt" && event.kind == "tool.call"', 'deny'],
  ['or-guard', 'event.kind == "tool.call" && (size(args.from_user) == 0 || session.injection) && event.consequential', 'ask'],
  ['or-partial', 'session.secret || event.tool.startsWith("send")', 'log'],
  ['no-findings', 'size(findings) == 0 && session.private_data', 'log'],
  ['exists-in', 'findings.exists(f, f in ["pii.email", "secret.aws"]) && event.kind != "prompt"', 'redact'],
  ['errs', 'event.kind == "model.output" && args.injected[0] == "to"', 'deny'],
  ['prefix-or', 'findings.any_prefix("injection.") || intent_injected', 'ask'],
  ['sev', 'severity_at_least(severity, "high") && event.kind == "tool.call"', 'log'],
]
  .map(([id, when, action]) => `  - id: ${id}\n    description: ${id} matched\n    when: '${when}'\n    action: ${action}\n    severity: high\n    owasp: [ASI01]\n`)
  .join('')}`,
  'extra.yaml',
);

/** mulberry32: a fixed spread of facts so the test is repeatable. */
function random(seed: number): () => number {
  return () => {
    seed = (seed + 0x6d2b79f5) | 0;
    let t = Math.imul(seed ^ (seed >>> 15), 1 | seed);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const KINDS = ['tool.call', 'tool.result', 'tools.list', 'prompt', 'model.output', 'hook', 'session.end'];
const FINDING_KINDS = [
  'secret.aws', 'pii.email', 'injection.override', 'exfil.url-data', 'exfil.markdown-image', 'tool-poisoning.hidden',
  'shell.destructive', 'shell.force-push', 'file.secret-read', 'mcp.shadow-server', 'detector.crashed',
];
const SEVERITIES = ['info', 'low', 'medium', 'high', 'critical'] as const;

describe('compilePolicy: guards and the rule index', () => {
  it('decides exactly as evaluating every rule in full in CEL', () => {
    const docs = [DEFAULT, EXTRA];
    const fast = compilePolicy(docs);
    const full = compilePolicy(docs, { shortcuts: false });
    const rand = random(7);
    const pick = <T>(xs: readonly T[]): T => xs[Math.floor(rand() * xs.length)] as T;
    const some = <T>(xs: readonly T[], p: number): T[] => xs.filter(() => rand() < p);
    const seen = new Set<string>();
    for (let i = 0; i < 4000; i++) {
      const findings: Finding[] = some(FINDING_KINDS, 0.08).map((kind) => finding({ detector: 'test', kind, severity: pick(SEVERITIES), message: kind }));
      const facts = makeFacts({
        event: { kind: pick(KINDS), tool: pick(['send_email', 'read_file']), capabilities: some(CAPABILITIES, 0.3) },
        findings: findings.map((f) => f.kind),
        severity: findings.length === 0 ? 'none' : pick(SEVERITIES),
        session: { events: Math.floor(rand() * 5), untrusted: rand() < 0.5, injection: rand() < 0.4, injection_strong: rand() < 0.2, private_data: rand() < 0.5, secret: rand() < 0.3 },
        args: { injected: some(['to', 'body'], 0.2), from_user: some(['to'], 0.5), untrusted_only: some(['body'], 0.4) },
        intent_injected: rand() < 0.3,
        intent_from_user: rand() < 0.5,
      });
      const a = makePolicyInput(facts, { findings });
      const b = makePolicyInput(facts, { findings });
      const got = fast.decide(a);
      expect(got).toEqual(full.decide(b));
      expect(a.chainCalls).toEqual(b.chainCalls);
      seen.add(got.action);
      for (const r of got.matched) seen.add(r.id);
      if (got.action !== 'allow') seen.add(got.rule.id);
    }
    // The sample reaches every action and most rules, so the comparison means something.
    for (const a of ['allow', 'ask', 'deny', 'redact']) expect(seen).toContain(a);
    expect([...DEFAULT.rules, ...EXTRA.rules].filter((r) => !seen.has(r.id)).map((r) => r.id)).toEqual(['two-kinds']);
  });
});
