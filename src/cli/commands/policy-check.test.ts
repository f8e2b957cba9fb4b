import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { policyCheck } from './policy-check.js';

const VALID = `version: 1
id: fixture
rules:
  - id: secret-out
    description: A secret is heading out.
    when: findings.exists(f, f.startsWith("secret.")) && "sends-out" in event.capabilities
    action: deny
    severity: critical
    owasp: [LLM02]
  - id: note-long-session
    description: Long session.
    when: session.events > 1000
    action: log
    severity: info
`;

async function check(args: string[]): Promise<{ code: number; out: string; err: string }> {
  let out = '';
  let err = '';
  const code = await policyCheck(args, { out: (s) => (out += s), err: (s) => (err += s) });
  return { code, out, err };
}

describe('rampart policy check', () => {
  let dir = '';
  let valid = '';
  let invalid = '';
  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'rampart-policy-check-'));
    valid = join(dir, 'valid.yaml');
    invalid = join(dir, 'invalid.yaml');
    await writeFile(valid, VALID);
    await writeFile(invalid, VALID.replace('action: deny', 'action: block').replace('session.events', 'session.event'));
  });
  afterAll(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  it('prints ok with the rule count and exits 0 for a valid file', async () => {
    expect(await check([valid])).toEqual({ code: 0, out: `ok ${valid} (2 rules)\n`, err: '' });
  });

  it('prints every issue with its position and exits 1', async () => {
    const { code, out, err } = await check([valid, invalid]);
    expect(code).toBe(1);
    expect(out).toBe(`ok ${valid} (2 rules)\n`);
    expect(err).toBe(
      `${invalid}:7:13: rules[0].action: Invalid option: expected one of "allow"|"deny"|"ask"|"redact"|"log"\n` +
        `${invalid}:12:19: rules[1].when: CEL type error: No such key: event\n`,
    );
  });

  it('reports a missing file', async () => {
    const missing = join(dir, 'nope.yaml');
    expect(await check([missing])).toEqual({ code: 1, out: '', err: `${missing}: cannot read policy file: ENOENT\n` });
  });

  it('prints usage and exits 2 without files', async () => {
    expect(await check([])).toEqual({ code: 2, out: '', err: 'usage: rampart policy check FILE...\n' });
  });
});
