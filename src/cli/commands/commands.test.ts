import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { CliIO } from '../io.js';
import { audit } from './audit.js';
import { demo } from './demo.js';
import { explain } from './explain.js';
import { policyTest } from './policy-test.js';
import { replay } from './replay.js';

function capture(): CliIO & { stdout: string; stderr: string } {
  const io = { stdout: '', stderr: '', tty: false, out: (s: string) => void (io.stdout += s), err: (s: string) => void (io.stderr += s) };
  return io;
}

const SAMPLE = new URL('../../../test/fixtures/corpus/sample.jsonl', import.meta.url).pathname;
const TESTS = new URL('../../../policies/tests', import.meta.url).pathname;

describe('rampart replay', () => {
  it('prints one contract line per session with --json and the summary on stderr', async () => {
    const io = capture();
    expect(await replay([SAMPLE, '--json'], io)).toBe(0);
    const lines = io.stdout.trim().split('\n').map((l) => JSON.parse(l) as { id: string; action: string });
    expect(lines).toHaveLength(55);
    expect(lines.every((l) => ['allow', 'deny', 'ask', 'redact'].includes(l.action))).toBe(true);
    expect(io.stderr).toContain('replayed 55 sessions');
  });

  it('reports bad lines with their number and field, counts them, and goes on', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'rampart-replay-'));
    const file = join(dir, 'mixed.jsonl');
    writeFileSync(
      file,
      [
        '{"id":"ok-1","events":[{"type":"user_prompt","text":"hi"}]}',
        '{"id":"bad","events":[{"type":"teleport"}]}',
        '{not json',
        '{"id":"ok-2","events":[]}',
      ].join('\n'),
    );
    const io = capture();
    expect(await replay([file, '--json'], io)).toBe(0);
    expect(io.stdout.trim().split('\n')).toHaveLength(2);
    expect(io.stderr).toContain('mixed.jsonl:2: events[0].type: unknown event type "teleport"');
    expect(io.stderr).toContain('mixed.jsonl:3: (line): not valid JSON');
    expect(io.stderr).toContain('2 bad line(s) skipped');
  });

  it('says so when the file cannot be read', async () => {
    const io = capture();
    expect(await replay(['/nonexistent.jsonl'], io)).toBe(2);
    expect(io.stderr).toContain('ENOENT');
  });
});

describe('rampart demo, explain and audit verify', () => {
  it('stops the attack, lets the twin through, and the stored chain and audit log check out', async () => {
    const data = mkdtempSync(join(tmpdir(), 'rampart-demo-'));
    const io = capture();
    expect(await demo(['--data', data], io)).toBe(0);
    expect(io.stdout).toContain('DENY');
    expect(io.stdout).toContain('injected-argument');
    const id = /explain (demo-attack-\w+)/.exec(io.stdout)?.[1];
    expect(id).toBeDefined();

    const ex = capture();
    expect(await explain([id as string, '--data', data], ex)).toBe(0);
    expect(ex.stdout).toContain('audit@acme-compliance.net');
    expect(ex.stdout).toContain('the injected instruction this call follows');

    const au = capture();
    expect(await audit(['verify', '--data', data], au)).toBe(0);
    expect(au.stdout).toContain('chain intact');
  });

  it('explains an unknown session with an error, not a crash', async () => {
    const io = capture();
    expect(await explain(['nope', '--data', mkdtempSync(join(tmpdir(), 'rampart-empty-'))], io)).toBe(1);
    expect(io.stderr).toContain('no session "nope"');
  });
});

describe('rampart policy test', () => {
  it('passes the default pack test cases', async () => {
    const io = capture();
    expect(await policyTest([TESTS], io)).toBe(0);
    expect(io.stdout).toMatch(/\d+ passed, 0 failed/);
  });

  it('fails when a case expects the wrong decision', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'rampart-ptest-'));
    writeFileSync(
      join(dir, 'wrong.yaml'),
      'cases:\n  - name: wrongly expects a deny\n    events:\n      - { kind: prompt, text: hello }\n    expect: deny\n',
    );
    const io = capture();
    expect(await policyTest([dir], io)).toBe(1);
    expect(io.stdout).toContain('expected deny, got allow');
  });
});
