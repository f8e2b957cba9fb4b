import { chmodSync, mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { installHooks } from './install.js';
import { hooksStatus } from './status.js';
import { tempInstallEnv, TEST_PROGRAM } from './test-env.js';

describe('hooks status', () => {
  it('finds agents by PATH or config folder and reports scopes, transports and fail modes', () => {
    const env = tempInstallEnv();
    const claude = join(env.root, 'bin', 'claude');
    writeFileSync(claude, '#!/bin/sh\n');
    chmodSync(claude, 0o755);
    mkdirSync(join(env.home, '.gemini'));
    const base = { transport: 'command', fail: 'closed', server: 'http://127.0.0.1:8787', program: TEST_PROGRAM } as const;
    expect(installHooks('claude-code', { ...base, scope: 'project', transport: 'http', fail: 'open' }, env).ok).toBe(true);
    expect(installHooks('claude-code', { ...base, scope: 'user' }, env).ok).toBe(true);
    expect(installHooks('codex', { ...base, scope: 'managed', server: undefined }, env).ok).toBe(true);

    const all = new Map(hooksStatus(env).map((a) => [a.agent, a]));
    const cc = all.get('claude-code');
    expect(cc?.presence).toEqual({ found: true, how: 'path', where: claude });
    expect(cc?.covered).toBe(true);
    expect(cc?.scopes.map((s) => [s.scope, s.transports, s.fails])).toEqual([
      ['user', ['command'], 'closed'],
      // SessionStart stays a command hook, the rest are HTTP: open either way.
      ['project', ['command', 'http'], 'open'],
    ]);
    expect(cc?.scopes[0]?.servers).toEqual(['http://127.0.0.1:8787']);
    expect(cc?.notes.join(' ')).toMatch(/HTTP hooks fail open/);

    expect(all.get('gemini-cli')).toMatchObject({ presence: { found: true, how: 'config' }, covered: false, scopes: [] });
    expect(all.get('codex')).toMatchObject({ presence: { found: false }, covered: true, scopes: [{ scope: 'managed', servers: [], missingBlocking: [] }] });
    expect(all.get('cursor')).toMatchObject({ presence: { found: false }, covered: false });
  });

  it('reports an unreadable settings file instead of failing', () => {
    const env = tempInstallEnv();
    mkdirSync(join(env.home, '.cursor'));
    writeFileSync(join(env.home, '.cursor', 'hooks.json'), '{nope');
    const cursor = hooksStatus(env).find((a) => a.agent === 'cursor');
    expect(cursor?.covered).toBe(false);
    expect(cursor?.scopes[0]?.error).toMatch(/not valid JSON/);
  });
});
