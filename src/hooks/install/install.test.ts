import { existsSync, lstatSync, mkdirSync, readdirSync, readFileSync, symlinkSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';
import { describe, expect, it } from 'vitest';
import { AGENTS, type AgentName } from './agents.js';
import { AGENT_SPECS } from './agents/index.js';
import { installHooks, uninstallHooks } from './install.js';
import { tempInstallEnv, TEST_PROGRAM } from './test-env.js';
import type { InstallEnv, InstallRequest, Scope } from './types.js';

const REQ: InstallRequest = { scope: 'user', transport: 'command', fail: 'closed', server: 'http://127.0.0.1:8787', program: TEST_PROGRAM };

function pathOf(agent: AgentName, scope: Scope, env: InstallEnv): string {
  const p = AGENT_SPECS[agent].settingsPath(scope, env);
  if (!p.ok) throw new Error(p.error);
  return p.value;
}

function put(path: string, doc: unknown): void {
  mkdirSync(dirname(path), { recursive: true });
  writeFileSync(path, `${JSON.stringify(doc, null, 2)}\n`);
}

const read = (path: string): Record<string, unknown> => JSON.parse(readFileSync(path, 'utf8')) as Record<string, unknown>;
const backups = (path: string) => readdirSync(dirname(path)).filter((f) => f.includes('.rampart-backup-'));

/** A user's own hook in each agent's format, plus an unrelated setting. */
function usersOwn(agent: AgentName): Record<string, unknown> {
  switch (agent) {
    case 'claude-code':
    case 'codex':
      return { model: 'keep-me', hooks: { PreToolUse: [{ matcher: 'Bash', hooks: [{ type: 'command', command: '/home/u/lint.sh' }] }], Notification: [{ hooks: [{ type: 'command', command: 'notify-send hi' }] }] } };
    case 'gemini-cli':
      return { privacy: { usageStatisticsEnabled: false }, hooks: { BeforeTool: [{ matcher: 'write_file', hooks: [{ type: 'command', command: './check.sh' }] }] } };
    case 'cursor':
      return { version: 1, hooks: { beforeShellExecution: [{ command: './audit.sh' }], afterFileEdit: [{ command: 'prettier --write' }] } };
    case 'copilot':
      return {};
  }
}

describe('hooks install and uninstall, every agent', () => {
  for (const agent of AGENTS) {
    it(`${agent}: merges beside the user's hooks, is idempotent, backs up, and uninstall restores the file`, () => {
      const env = tempInstallEnv();
      const path = pathOf(agent, 'user', env);
      const original = usersOwn(agent);
      const hadFile = agent !== 'copilot';
      if (hadFile) put(path, original);

      const first = installHooks(agent, REQ, env);
      expect(first.ok && first.value.changed).toBe(true);
      const installed = read(path);
      const hooks = installed['hooks'] as Record<string, unknown[]>;
      for (const e of AGENT_SPECS[agent].events) expect(hooks[e.name], e.name).toBeDefined();
      expect(JSON.stringify(installed)).toContain('hook ' + agent);
      // The user's own entries and settings are still there, in front of ours.
      if (hadFile) {
        for (const [k, v] of Object.entries(original)) if (k !== 'hooks') expect(installed[k]).toEqual(v);
        for (const [event, list] of Object.entries((original['hooks'] ?? {}) as Record<string, unknown[]>)) {
          expect(hooks[event]?.slice(0, list.length)).toEqual(list);
        }
        expect(backups(path)).toHaveLength(1);
        expect(JSON.parse(readFileSync(`${dirname(path)}/${backups(path)[0]}`, 'utf8'))).toEqual(original);
      }

      const again = installHooks(agent, REQ, env);
      expect(again.ok && again.value.changed).toBe(false);
      expect(read(path)).toEqual(installed);
      expect(backups(path)).toHaveLength(hadFile ? 1 : 0);

      const un = uninstallHooks(agent, 'user', env);
      expect(un.ok && un.value.changed).toBe(true);
      if (hadFile) expect(read(path)).toEqual(original);
      else expect(existsSync(path)).toBe(false);

      const unAgain = uninstallHooks(agent, 'user', env);
      expect(unAgain.ok && unAgain.value.changed).toBe(false);
    });
  }

  it('replaces its own entries when installed again with other options, never duplicating them', () => {
    const env = tempInstallEnv();
    installHooks('claude-code', REQ, env);
    installHooks('claude-code', { ...REQ, server: 'http://10.0.0.5:9000', fail: 'open' }, env);
    const text = readFileSync(pathOf('claude-code', 'user', env), 'utf8');
    expect(text).not.toContain('8787');
    expect(text.match(/hook claude-code/g)).toHaveLength(AGENT_SPECS['claude-code'].events.length);
    expect(text).toContain('--fail open');
  });

  it('keeps a group the user shares with our handler, minus ours', () => {
    const env = tempInstallEnv();
    installHooks('claude-code', REQ, env);
    const path = pathOf('claude-code', 'user', env);
    const doc = read(path) as { hooks: Record<string, { hooks: unknown[] }[]> };
    doc.hooks['PreToolUse']?.[0]?.hooks.push({ type: 'command', command: './mine.sh' });
    put(path, doc);
    uninstallHooks('claude-code', 'user', env);
    expect(read(path)).toEqual({ hooks: { PreToolUse: [{ matcher: '*', hooks: [{ type: 'command', command: './mine.sh' }] }] } });
  });

  it('writes Claude Code HTTP hooks, with SessionStart kept as a command, and warns that they fail open', () => {
    const env = tempInstallEnv();
    const r = installHooks('claude-code', { ...REQ, scope: 'project', transport: 'http' }, env);
    expect(r.ok).toBe(true);
    if (!r.ok) return;
    expect(r.value.notes.join(' ')).toMatch(/HTTP hooks fail open/);
    const hooks = read(pathOf('claude-code', 'project', env))['hooks'] as Record<string, { hooks: Record<string, unknown>[] }[]>;
    expect(hooks['PreToolUse']?.[0]).toEqual({
      matcher: '*',
      hooks: [
        {
          type: 'http',
          url: 'http://127.0.0.1:8787/v1/hooks/claude-code',
          timeout: 10,
          headers: { 'x-rampart-user': '$USER', 'x-rampart-host': '$HOSTNAME', 'x-api-key': '$RAMPART_API_KEY' },
          allowedEnvVars: ['USER', 'HOSTNAME', 'RAMPART_API_KEY'],
        },
      ],
    });
    expect(hooks['SessionStart']?.[0]?.hooks[0]?.['type']).toBe('command');
    expect(uninstallHooks('claude-code', 'project', env).ok).toBe(true);
    expect(read(pathOf('claude-code', 'project', env))).toEqual({});
  });

  it('warns when the file itself keeps the hooks from running', () => {
    const env = tempInstallEnv();
    const path = pathOf('claude-code', 'user', env);
    put(path, { disableAllHooks: true, allowedHttpHookUrls: ['https://gw.example/*'] });
    const http = { ...REQ, transport: 'http' } as const;
    const r = installHooks('claude-code', http, env);
    expect(r.ok && r.value.notes.join('\n')).toMatch(/disableAllHooks[^]*allowedHttpHookUrls does not allow http:\/\/127\.0\.0\.1:8787\/v1\/hooks\/claude-code/);
    put(path, { allowedHttpHookUrls: ['http://127.0.0.1:*'] });
    const ok = installHooks('claude-code', http, env);
    expect(ok.ok && ok.value.notes.join('\n')).not.toMatch(/allowedHttpHookUrls/);
    const gpath = pathOf('gemini-cli', 'user', env);
    put(gpath, { hooksConfig: { enabled: false } });
    const g = installHooks('gemini-cli', REQ, env);
    expect(g.ok && g.value.notes.join('\n')).toMatch(/hooksConfig.enabled: false/);
  });

  it('writes each scope to the documented file', () => {
    const env = tempInstallEnv({ env: { PATH: '', CODEX_HOME: '/tmp/ch', COPILOT_HOME: '/tmp/cp' } });
    expect(pathOf('claude-code', 'managed', env)).toBe(`${env.managedRoot}/etc/claude-code/managed-settings.json`);
    expect(pathOf('claude-code', 'project', env)).toBe(`${env.project}/.claude/settings.json`);
    expect(pathOf('codex', 'user', env)).toBe('/tmp/ch/hooks.json');
    expect(pathOf('codex', 'managed', env)).toBe(`${env.managedRoot}/etc/codex/hooks.json`);
    expect(pathOf('gemini-cli', 'managed', env)).toBe(`${env.managedRoot}/etc/gemini-cli/settings.json`);
    expect(pathOf('cursor', 'managed', env)).toBe(`${env.managedRoot}/etc/cursor/hooks.json`);
    expect(pathOf('copilot', 'user', env)).toBe('/tmp/cp/hooks/rampart.json');
    expect(pathOf('copilot', 'project', env)).toBe(`${env.project}/.github/hooks/rampart.json`);
  });

  it('marks Cursor blocking hooks failClosed only when failing closed', () => {
    const env = tempInstallEnv();
    installHooks('cursor', REQ, env);
    const hooks = read(pathOf('cursor', 'user', env))['hooks'] as Record<string, Record<string, unknown>[]>;
    expect(hooks['beforeShellExecution']?.[0]?.['failClosed']).toBe(true);
    expect(hooks['afterFileEdit']?.[0]?.['failClosed']).toBeUndefined();
    installHooks('cursor', { ...REQ, fail: 'open' }, env);
    expect(readFileSync(pathOf('cursor', 'user', env), 'utf8')).not.toContain('failClosed');
  });

  it('writes through a symlinked settings file, leaving the link a link', () => {
    const env = tempInstallEnv();
    const real = `${env.root}/dotfiles/claude-settings.json`;
    put(real, { model: 'x' });
    const path = pathOf('claude-code', 'user', env);
    mkdirSync(dirname(path), { recursive: true });
    symlinkSync(real, path);
    expect(installHooks('claude-code', REQ, env).ok).toBe(true);
    expect(lstatSync(path).isSymbolicLink()).toBe(true);
    expect(readFileSync(real, 'utf8')).toContain('hook claude-code');
    expect(uninstallHooks('claude-code', 'user', env).ok).toBe(true);
    expect(lstatSync(path).isSymbolicLink()).toBe(true);
    expect(read(real)).toEqual({ model: 'x' });
  });

  it('refuses what it cannot do, with a reason, and touches nothing', () => {
    const env = tempInstallEnv();
    expect(installHooks('codex', { ...REQ, transport: 'http' }, env)).toMatchObject({ ok: false, error: expect.stringMatching(/no HTTP hooks/) });
    expect(installHooks('claude-code', { ...REQ, transport: 'http', server: undefined }, env)).toMatchObject({ ok: false, error: expect.stringMatching(/--server/) });
    expect(installHooks('copilot', { ...REQ, scope: 'managed' }, env)).toMatchObject({ ok: false });

    const path = pathOf('gemini-cli', 'user', env);
    mkdirSync(dirname(path), { recursive: true });
    writeFileSync(path, '{ // a comment\n "a": 1 }');
    expect(installHooks('gemini-cli', REQ, env)).toMatchObject({ ok: false, error: expect.stringMatching(/not valid JSON/) });
    expect(readFileSync(path, 'utf8')).toBe('{ // a comment\n "a": 1 }');
    put(path, { hooks: { BeforeTool: { not: 'a list' } } });
    expect(installHooks('gemini-cli', REQ, env)).toMatchObject({ ok: false, error: expect.stringMatching(/not a list/) });
    expect(backups(path)).toHaveLength(0);
  });
});
