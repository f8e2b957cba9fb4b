import { describe, expect, it } from 'vitest';
import type { Decision } from '../core/decision.js';
import { finding } from '../core/findings.js';
import type { PolicyInput } from '../core/policy.js';
import { compilePolicy } from './compile.js';
import { formatIssue, parsePolicy } from './load.js';
import type { PolicyDocument } from './schema.js';
import { makeFacts, makePolicyInput, type FactsOverrides } from './test-facts.js';

/** Parses a fixture policy; `rules` is YAML for the list items, indented by two. */
function doc(rules: string, id = 'fixture'): PolicyDocument {
  const parsed = parsePolicy(`version: 1\nid: ${id}\nrules:\n${rules}`, `${id}.yaml`);
  if (!parsed.ok) throw new Error(parsed.error.map(formatIssue).join('\n'));
  return parsed.value;
}

function rule(id: string, when: string, action: string, extra = ''): string {
  return `  - id: ${id}\n    description: ${id} matched\n    when: '${when}'\n    action: ${action}\n    severity: high\n    owasp: [ASI01]\n${extra}`;
}

function decide(d: PolicyDocument | PolicyDocument[], facts: FactsOverrides = {}): Decision {
  return compilePolicy(d).decide(makePolicyInput(makeFacts(facts)));
}

const ids = (d: Decision): string[] => d.matched.map((r) => r.id);

describe('compilePolicy: precedence', () => {
  const all = doc(
    rule('allow-it', 'true', 'allow') +
      rule('log-it', 'true', 'log') +
      rule('redact-it', 'true', 'redact') +
      rule('ask-it', 'true', 'ask') +
      rule('deny-it', 'true', 'deny') +
      rule('deny-too', 'true', 'deny'),
  );

  it('lets deny win over every weaker action, the first deny in file order', () => {
    const d = decide(all);
    expect(d.action).toBe('deny');
    if (d.action !== 'deny') return;
    expect(d.rule).toEqual({ id: 'deny-it', severity: 'high', owasp: ['ASI01'] });
    expect(d.reason).toBe('deny-it matched');
    expect(ids(d)).toEqual(['allow-it', 'log-it', 'redact-it', 'ask-it', 'deny-too']);
  });

  it('orders ask over redact over log over allow', () => {
    expect(decide(doc(rule('r', 'true', 'redact') + rule('a', 'true', 'ask'))).action).toBe('ask');
    expect(decide(doc(rule('l', 'true', 'log') + rule('r', 'true', 'redact'))).action).toBe('redact');
    const logged = decide(doc(rule('a', 'true', 'allow') + rule('l', 'true', 'log')));
    expect(logged.action).toBe('allow');
    expect(ids(logged)).toEqual(['a', 'l']);
  });

  it('allows with nothing matched when no rule matches', () => {
    const d = decide(doc(rule('never', 'false', 'deny')));
    expect(d).toEqual({ action: 'allow', findings: [], matched: [] });
  });

  it('uses message over description, as the ask prompt too', () => {
    const d = decide(doc(rule('a', 'true', 'ask', '    message: Send this email?\n')));
    expect(d.action === 'ask' && d.prompt).toBe('Send this email?');
  });

  it('attaches the input redactions to a redact decision', () => {
    const redactions = [{ arg: 'body', start: 0, end: 4, replacement: '[secret]' }];
    const input = makePolicyInput(makeFacts(), { redactions });
    const d = compilePolicy(doc(rule('r', 'true', 'redact'))).decide(input);
    expect(d.action === 'redact' && d.redactions).toEqual(redactions);
  });

  it('passes the input findings through', () => {
    const f = finding({ detector: 'secrets', kind: 'secret.aws-access-key', severity: 'critical', message: 'AWS key' });
    const input = makePolicyInput(makeFacts(), { findings: [f] });
    expect(compilePolicy(doc(rule('n', 'false', 'deny'))).decide(input).findings).toEqual([f]);
  });
});

describe('compilePolicy: facts', () => {
  const trifecta = doc(
    rule(
      'lethal-trifecta',
      'event.kind == "tool.call" && "sends-out" in event.capabilities && session.untrusted && session.private_data',
      'deny',
    ) +
      rule('injected-argument', 'event.consequential && size(args.injected) > 0', 'deny') +
      rule('secret-out', 'findings.exists(f, f.startsWith("secret.")) && event.capabilities.intersects(["sends-out"])', 'deny') +
      rule('long-session', 'session.events > 100', 'log'),
  );

  it('denies an outward send after untrusted content and private data', () => {
    const d = decide(trifecta, { event: { capabilities: ['sends-out'] }, session: { untrusted: true, private_data: true } });
    expect(d.action === 'deny' && d.rule.id).toBe('lethal-trifecta');
  });

  it('allows the same send in a session that saw no private data', () => {
    expect(decide(trifecta, { event: { capabilities: ['sends-out'] }, session: { untrusted: true } }).action).toBe('allow');
  });

  it('denies a consequential call with an injected argument', () => {
    const d = decide(trifecta, { event: { capabilities: ['writes'] }, args: { injected: ['to'] } });
    expect(d.action === 'deny' && d.rule.id).toBe('injected-argument');
  });

  it('matches a finding family and compares session.events as an int', () => {
    const d = decide(trifecta, { event: { capabilities: ['sends-out'] }, findings: ['secret.github-token'], session: { events: 101 } });
    expect(d.action === 'deny' && d.rule.id).toBe('secret-out');
    expect(ids(d)).toEqual(['long-session']);
  });

  it('reuses its context without leaking one event into the next', () => {
    const policy = compilePolicy(trifecta);
    const hot = makeFacts({ event: { capabilities: ['sends-out'] }, session: { untrusted: true, private_data: true } });
    expect(policy.decide(makePolicyInput(hot)).action).toBe('deny');
    expect(policy.decide(makePolicyInput(makeFacts())).action).toBe('allow');
  });
});

describe('compilePolicy: on_error', () => {
  // Indexing an empty list throws at runtime, though the expression type-checks.
  const crashing = (severity: string, extra = ''): PolicyDocument =>
    doc(rule('crashy', 'args.injected[0] == "to"', 'deny', extra).replace('severity: high', `severity: ${severity}`));

  it('fails closed for a high rule and says which rule crashed', () => {
    const d = decide(crashing('high'));
    expect(d.action === 'deny' && d.rule.id).toBe('crashy');
    expect(d.findings).toHaveLength(1);
    expect(d.findings[0]).toMatchObject({ detector: 'policy', kind: 'policy.crashed', severity: 'high' });
    expect(d.findings[0]?.message).toContain('crashy');
  });

  it('logs and allows for a medium rule by default', () => {
    const d = decide(crashing('medium'));
    expect(d.action).toBe('allow');
    expect(ids(d)).toEqual(['crashy']);
    expect(d.findings.map((f) => f.kind)).toEqual(['policy.crashed']);
  });

  it('applies an explicit on_error', () => {
    expect(decide(crashing('low', '    on_error: ask\n')).action).toBe('ask');
    expect(decide(crashing('critical', '    on_error: allow\n')).action).toBe('allow');
  });

  it('treats an unknown severity_at_least bound as a crash, not an outage', () => {
    const d = decide(doc(rule('typo', 'severity_at_least(severity, "hgh")', 'log')));
    expect(d.findings[0]?.message).toContain('unknown severity "hgh"');
  });

  it('never throws when the engine chain or redactions throw', () => {
    const boom = (): never => {
      throw new Error('engine bug');
    };
    const base = makePolicyInput(makeFacts());
    const broken: PolicyInput = { facts: base.facts, findings: base.findings, chain: boom, redactions: boom };
    const denied = compilePolicy(doc(rule('d', 'true', 'deny'))).decide(broken);
    expect(denied.action === 'deny' && denied.chain).toEqual([]);
    // Redaction failing must not let the text through unredacted.
    const redacted = compilePolicy(doc(rule('r', 'true', 'redact'))).decide(broken);
    expect(redacted.action).toBe('deny');
    expect(redacted.findings.map((f) => f.kind)).toEqual(['policy.crashed', 'policy.crashed']);
  });
});

describe('compilePolicy: chain reads', () => {
  it('asks for the chain of the winning rule with the facts it reads', () => {
    const policy = compilePolicy(
      doc(
        rule('first', 'findings.exists(f, f.startsWith("secret.")) && session.private_data', 'deny') +
          rule('second', 'intent_injected || session.injection', 'deny'),
      ),
    );
    const input = makePolicyInput(makeFacts({ findings: ['secret.x'], session: { private_data: true, injection: true } }));
    const d = policy.decide(input);
    expect(input.chainCalls.map((s) => [...s])).toEqual([['findings', 'session.private_data']]);
    expect(d.action === 'deny' && d.chain.map((l) => l.summary)).toEqual(['findings', 'session.private_data']);
  });

  it('does not build a chain for allow or log', () => {
    const input = makePolicyInput(makeFacts());
    compilePolicy(doc(rule('l', 'event.kind == "tool.call"', 'log'))).decide(input);
    expect(input.chainCalls).toEqual([]);
  });
});

describe('compilePolicy: documents', () => {
  const base = doc(rule('a', 'true', 'deny') + rule('b', 'true', 'log'), 'default');

  it('lets a later document replace a rule in place, or disable it', () => {
    const override = doc(rule('a', 'true', 'ask'), 'user');
    const policy = compilePolicy([base, override]);
    expect(policy.id).toBe('default+user');
    expect(policy.rules.map((r) => r.id)).toEqual(['a', 'b']);
    expect(policy.decide(makePolicyInput(makeFacts())).action).toBe('ask');

    const disabled = compilePolicy([base, doc(rule('a', 'true', 'deny', '    enabled: false\n'), 'user')]);
    expect(disabled.rules.map((r) => r.id)).toEqual(['b']);
    expect(disabled.decide(makePolicyInput(makeFacts())).action).toBe('allow');
  });

  it('throws for an unvalidated document with a bad expression', () => {
    const bad = { ...base, rules: [{ ...base.rules[0]!, when: 'sesion.injection' }] };
    expect(() => compilePolicy(bad)).toThrow(/rules\[0\]\.when: CEL type error: Unknown variable: sesion/);
  });
});
