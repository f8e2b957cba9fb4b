import { mkdtempSync, readdirSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { ApiKeys } from '../../identity/api-keys.js';
import { SqliteStore } from '../../store/sqlite.js';
import type { CliIO } from '../io.js';
import { credentials } from './credentials.js';
import { keys } from './keys.js';

function capture(stdin = ''): CliIO & { stdout: string; stderr: string } {
  const io = { stdout: '', stderr: '', tty: false, out: (s: string) => void (io.stdout += s), err: (s: string) => void (io.stderr += s), stdin: async () => stdin };
  return io;
}

const dirs: string[] = [];
afterEach(() => {
  for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true });
});
function data(): string {
  const d = mkdtempSync(join(tmpdir(), 'rampart-cli-id-'));
  dirs.push(d);
  return d;
}
function fileBytes(dir: string): string {
  return readdirSync(dir).map((f) => readFileSync(join(dir, f)).toString('latin1')).join('');
}

describe('rampart keys', () => {
  it('creates a key the store then verifies, lists it without the secret, revokes it', async () => {
    const d = data();
    const created = capture();
    expect(await keys(['create', '--user', 'ada', '--group', 'dev', '--scope', 'mcp', '--expires', '30d', '--data', d], created)).toBe(0);
    const key = created.stdout.trim();
    expect(key).toMatch(/^rk_[0-9a-f]{16}_/);
    expect(created.stderr).toContain('cannot be shown again');

    const listed = capture();
    expect(await keys(['list', '--data', d], listed)).toBe(0);
    expect(listed.stdout).toContain(key.slice(0, 19));
    expect(listed.stdout).toMatch(/ada\s+dev\s+mcp\s+.*active/);
    expect(listed.stdout).not.toContain(key);
    expect(fileBytes(d)).not.toContain(key.slice(20));

    const store = new SqliteStore({ path: join(d, 'rampart.db') });
    expect(await new ApiKeys({ store }).verify(key)).toMatchObject({ user: 'ada', groups: ['dev'], scopes: ['mcp'] });
    await store.close();

    expect(await keys(['revoke', key.slice(0, 19), '--data', d], capture())).toBe(0);
    const again = capture();
    expect(await keys(['revoke', key.slice(0, 19), '--data', d], again)).toBe(1);
    const after = capture();
    await keys(['list', '--data', d], after);
    expect(after.stdout).toContain('revoked');
  });

  it('creates a key with a team and limits, and refuses bad limit flags naming the flag', async () => {
    const d = data();
    const created = capture();
    const args = ['create', '--user', 'ann', '--team', 'research', '--budget', '25', '--budget-period', 'daily', '--rpm', '60', '--model', 'claude-*', '--data', d];
    expect(await keys(args, created)).toBe(0);
    const store = new SqliteStore({ path: join(d, 'rampart.db') });
    expect(await new ApiKeys({ store }).verify(created.stdout.trim())).toMatchObject({
      team: 'research',
      limits: { budget: { usd: 25, period: 'daily' }, rpm: 60, allowedModels: ['claude-*'] },
    });
    await store.close();
    const bad = capture();
    expect(await keys(['create', '--user', 'ann', '--rpm', 'many', '--data', d], bad)).toBe(2);
    expect(bad.stderr).toContain('--rpm');
    const period = capture();
    expect(await keys(['create', '--user', 'ann', '--budget', '5', '--budget-period', 'hourly', '--data', d], period)).toBe(2);
    expect(period.stderr).toContain('--budget-period');
  });

  it('explains usage errors with exit code 2', async () => {
    const io = capture();
    expect(await keys(['create', '--data', data()], io)).toBe(2);
    expect(io.stderr).toContain('create needs --user');
    expect(await keys(['create', '--user', 'a', '--expires', 'soon', '--data', data()], capture())).toBe(2);
    expect(await keys(['frobnicate'], capture())).toBe(2);
  });
});

describe('rampart credentials', () => {
  it('stores a value read from stdin encrypted, lists it without the value, deletes it', async () => {
    const d = data();
    const secret = 'xoxb-slack-upstream-secret-42';
    const set = capture(`${secret}\n`);
    expect(await credentials(['set', '--server', 'slack', '--user', 'ada', '--data', d], set)).toBe(0);
    expect(set.stdout).toMatch(/^stored slack\/ada \(key [0-9a-f]{16}\)/);
    expect(statSync(join(d, 'vault.key')).mode & 0o777).toBe(0o600);
    expect(fileBytes(d)).not.toContain(secret);

    const list = capture();
    expect(await credentials(['list', '--json', '--data', d], list)).toBe(0);
    expect(JSON.parse(list.stdout)).toMatchObject([{ id: 'slack/ada', owner: 'ada', server: 'slack' }]);
    expect(list.stdout).not.toContain(secret);

    expect(await credentials(['rotate', '--data', d], capture())).toBe(0);
    expect(await credentials(['delete', '--server', 'slack', '--user', 'ada', '--data', d], capture())).toBe(0);
    expect(await credentials(['delete', '--server', 'slack', '--user', 'ada', '--data', d], capture())).toBe(1);
  });

  it('refuses an empty value and a missing server', async () => {
    const io = capture('');
    expect(await credentials(['set', '--server', 's', '--data', data()], io)).toBe(2);
    expect(io.stderr).toContain('stdin was empty');
    expect(await credentials(['set', '--data', data()], capture('x'))).toBe(2);
  });
});
