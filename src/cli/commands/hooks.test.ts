import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { tempInstallEnv } from '../../hooks/install/test-env.js';
import type { CliIO } from '../io.js';
import { runHooks } from './hooks.js';

function capture(): CliIO & { stdout: string; stderr: string } {
  const io = { stdout: '', stderr: '', tty: false, out: (s: string) => void (io.stdout += s), err: (s: string) => void (io.stderr += s) };
  return io;
}

describe('rampart hooks', () => {
  it('installs into the project, reports status, and uninstalls', async () => {
    const env = tempInstallEnv();
    const make = () => env;
    const io = capture();
    expect(await runHooks(['install', '--agent', 'claude-code', '--scope', 'project', '--server', 'http://127.0.0.1:8787/'], io, make)).toBe(0);
    expect(io.stdout).toContain(`installed Rampart hooks for Claude Code (project scope) in ${join(env.project, '.claude', 'settings.json')}`);
    const text = readFileSync(join(env.project, '.claude', 'settings.json'), 'utf8');
    // The default program: this Node.js and the package's own dist/cli/hook-shim.cjs, by absolute path.
    expect(text).toContain(`${process.execPath} `);
    expect(text).toMatch(/\/dist\/cli\/hook-shim\.cjs hook claude-code --server http:\/\/127\.0\.0\.1:8787 --fail closed/);

    const st = capture();
    expect(await runHooks(['status'], st, make)).toBe(0);
    expect(st.stdout).toMatch(/claude-code \(Claude Code, not found on this machine\): covered/);
    expect(st.stdout).toMatch(/project .*7 events, command, fails closed, server http:\/\/127\.0\.0\.1:8787/);
    const js = capture();
    expect(await runHooks(['status', '--json'], js, make)).toBe(0);
    expect((JSON.parse(js.stdout) as { agent: string }[]).map((a) => a.agent)).toEqual(['claude-code', 'cursor', 'codex', 'gemini-cli', 'copilot']);

    const un = capture();
    expect(await runHooks(['uninstall', '--agent', 'claude-code', '--scope', 'project'], un, make)).toBe(0);
    expect(un.stdout).toContain('the rest of the file is unchanged');
  });

  it('warns that HTTP hooks fail open when asked to fail closed', async () => {
    const env = tempInstallEnv();
    const io = capture();
    expect(await runHooks(['install', '--agent', 'claude-code', '--http', '--fail', 'closed', '--server', 'http://127.0.0.1:1'], io, () => env)).toBe(0);
    expect(io.stderr).toMatch(/warning: Claude Code's HTTP hooks fail open/);
  });

  it('answers bad usage with a message and exit code 2', async () => {
    const env = tempInstallEnv();
    for (const args of [
      [],
      ['frobnicate'],
      ['install'],
      ['install', '--agent', 'vim'],
      ['install', '--agent', 'cursor', '--scope', 'galaxy'],
      ['install', '--agent', 'cursor', '--fail', 'maybe'],
      ['install', '--agent', 'cursor', '--server', 'ftp://x'],
      ['install', '--agent', 'cursor', '--bogus'],
    ]) {
      const io = capture();
      expect(await runHooks(args, io, () => env), args.join(' ')).toBe(2);
      expect(io.stderr, args.join(' ')).not.toBe('');
    }
    const io = capture();
    expect(await runHooks(['install', '--agent', 'codex', '--http', '--server', 'http://x'], io, () => env)).toBe(1);
    expect(io.stderr).toMatch(/Codex CLI has no HTTP hooks/);
  });
});
