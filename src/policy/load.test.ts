import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { formatIssue, loadPolicyFile, parsePolicy, type PolicyIssue } from './load.js';

const GOOD = `version: 1
id: default
rules:
  - id: injected-argument
    description: A consequential call takes an argument that only appeared inside an injected instruction.
    when: event.kind == "tool.call" && event.consequential && size(args.injected) > 0
    action: deny
    severity: high
    owasp: [ASI01, LLM01]
    message: An argument of this call came from injected content.
  - id: long-session
    description: Many events.
    when: |
      session.events > 500 &&
        !intent_from_user
    action: log
    severity: info
`;

/** Replaces one line of GOOD (1-based) and returns the issues, formatted. */
function issuesWith(line: number, replacement: string): string[] {
  const lines = GOOD.split('\n');
  lines[line - 1] = replacement;
  const result = parsePolicy(lines.join('\n'), 'p.yaml');
  expect(result.ok).toBe(false);
  return result.ok ? [] : result.error.map(formatIssue);
}

describe('parsePolicy', () => {
  it('accepts a valid file and fills defaults', () => {
    const result = parsePolicy(GOOD, 'p.yaml');
    expect(result.ok).toBe(true);
    if (!result.ok) return;
    expect(result.value.rules.map((r) => [r.id, r.enabled, r.owasp])).toEqual([
      ['injected-argument', true, ['ASI01', 'LLM01']],
      ['long-session', true, []],
    ]);
  });

  it('reports the first YAML syntax error at its position, not the cascade after it', () => {
    expect(issuesWith(9, '    owasp: [ASI01, LLM01')).toEqual([
      'p.yaml:10:5: Flow sequence in block collection must be sufficiently indented and end with a ]',
    ]);
  });

  it('reports a duplicate YAML key', () => {
    expect(issuesWith(7, '    action: ask\n    action: deny')).toEqual(['p.yaml:8:5: Map keys must be unique']);
  });

  it('points an unknown field at its key', () => {
    expect(issuesWith(7, '    action: deny\n    actoin: deny')).toEqual(['p.yaml:8:5: rules[0].actoin: unknown field "actoin"']);
  });

  it('lists the options for a bad action', () => {
    expect(issuesWith(7, '    action: block')).toEqual([
      'p.yaml:7:13: rules[0].action: Invalid option: expected one of "allow"|"deny"|"ask"|"redact"|"log"',
    ]);
  });

  it('rejects an OWASP id outside both lists', () => {
    expect(issuesWith(9, '    owasp: [ASI01, LLM11]')).toEqual([
      'p.yaml:9:20: rules[0].owasp[1]: expected an OWASP id: ASI01..ASI10 (Agentic Top 10 2026) or LLM01..LLM10 (LLM Top 10 2025)',
    ]);
  });

  it('points a CEL syntax error at the token', () => {
    expect(issuesWith(6, '    when: event.kind == "tool.call" &&')).toEqual([
      'p.yaml:6:39: rules[0].when: CEL syntax error: Unexpected token: EOF',
    ]);
  });

  it('points a CEL type error at the token, inside quotes', () => {
    expect(issuesWith(6, `    when: 'event.kind == 1'`)).toEqual(['p.yaml:6:12: rules[0].when: CEL type error: no such overload: string == int']);
  });

  it('rejects a misspelt field of a fact', () => {
    expect(issuesWith(6, '    when: event.knd == "tool.call"')).toEqual(['p.yaml:6:17: rules[0].when: CEL type error: No such key: knd']);
  });

  it('rejects an unknown variable and lists the real ones', () => {
    expect(issuesWith(6, '    when: sesion.injection')).toEqual([
      'p.yaml:6:11: rules[0].when: CEL type error: Unknown variable: sesion (variables are event, findings, severity, session, args, intent_injected, intent_from_user)',
    ]);
  });

  it('maps an error inside a literal block to its line and column', () => {
    expect(issuesWith(15, '        !intent_from_usr')).toEqual([
      'p.yaml:15:10: rules[1].when: CEL type error: Unknown variable: intent_from_usr (variables are event, findings, severity, session, args, intent_injected, intent_from_user)',
    ]);
  });

  it('requires when to be a bool', () => {
    expect(issuesWith(6, '    when: event.kind')).toEqual(['p.yaml:6:11: rules[0].when: expression must be a bool, got string']);
  });

  it('rejects a duplicate rule id at the second use', () => {
    expect(issuesWith(11, '  - id: injected-argument')).toEqual([
      'p.yaml:11:9: rules[1].id: duplicate rule id "injected-argument" (first used by rules[0])',
    ]);
  });

  it('reports a missing field at its rule and a non-kebab id', () => {
    expect(issuesWith(12, '    summary: Many events.')).toEqual([
      'p.yaml:11:5: rules[1].description: missing required field (Invalid input: expected string, received undefined)',
      'p.yaml:12:5: rules[1].summary: unknown field "summary"',
    ]);
    expect(issuesWith(4, '  - id: Injected_Argument')).toEqual([
      'p.yaml:4:9: rules[0].id: rule id must be kebab-case, e.g. injected-argument',
    ]);
  });

  it('reports every problem of a file in one pass, in file order', () => {
    const result = parsePolicy('version: 2\nid: x\nrules:\n  - id: a\n    when: nope\n', 'p.yaml');
    expect(result.ok ? [] : result.error.map((i) => `${i.line}:${i.path}`)).toEqual([
      '1:version',
      '4:rules[0].description',
      '4:rules[0].action',
      '4:rules[0].severity',
      '5:rules[0].when',
    ]);
  });

  it('rejects an empty file', () => {
    const result = parsePolicy('', 'empty.yaml');
    expect(result.ok ? [] : result.error.map(formatIssue)).toEqual(['empty.yaml:1:1: Invalid input: expected object, received null']);
  });
});

describe('loadPolicyFile', () => {
  let dir = '';
  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'rampart-policy-'));
  });
  afterAll(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  it('reads and validates a file', async () => {
    const path = join(dir, 'ok.yaml');
    await writeFile(path, GOOD);
    const result = await loadPolicyFile(path);
    expect(result.ok && result.value.id).toBe('default');
  });

  it('reports an unreadable file without a position', async () => {
    const path = join(dir, 'missing.yaml');
    const result = await loadPolicyFile(path);
    expect(result.ok ? [] : result.error.map(formatIssue)).toEqual([`${path}: cannot read policy file: ENOENT`]);
  });
});

describe('formatIssue', () => {
  it('prints file:line:col: path: message', () => {
    const issue: PolicyIssue = { file: 'p.yaml', line: 3, column: 7, path: 'rules[2].action', message: 'bad' };
    expect(formatIssue(issue)).toBe('p.yaml:3:7: rules[2].action: bad');
    expect(formatIssue({ ...issue, path: '' })).toBe('p.yaml:3:7: bad');
  });
});
