import { spawn } from 'node:child_process';

/** What one headless agent run produced. */
export interface AgentRun {
  readonly exitCode: number | null;
  readonly signal: NodeJS.Signals | null;
  readonly timedOut: boolean;
  readonly stdout: string;
  readonly stderr: string;
  /** stdout parsed as JSON (the agents' `--output-format json`), or undefined. */
  readonly json: unknown;
  readonly ms: number;
}

/** Output past this is dropped: a runaway agent must not fill the test's memory. */
const MAX_OUTPUT = 8 * 1024 * 1024;

/**
 * Runs an agent binary headless: stdin closed (agents otherwise wait for or append piped input), only the
 * given environment (never the caller's keys), killed after `timeoutMs`.
 */
export function spawnAgent(o: { readonly cmd: string; readonly args: readonly string[]; readonly cwd: string; readonly env: Readonly<Record<string, string>>; readonly timeoutMs?: number }): Promise<AgentRun> {
  const started = Date.now();
  return new Promise((resolve, reject) => {
    const child = spawn(o.cmd, o.args, { cwd: o.cwd, env: o.env, stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    let timedOut = false;
    child.stdout.setEncoding('utf8').on('data', (s: string) => void (stdout.length < MAX_OUTPUT && (stdout += s)));
    child.stderr.setEncoding('utf8').on('data', (s: string) => void (stderr.length < MAX_OUTPUT && (stderr += s)));
    const timer = setTimeout(() => {
      timedOut = true;
      child.kill('SIGKILL');
    }, o.timeoutMs ?? 60_000);
    child.on('error', (e) => {
      clearTimeout(timer);
      reject(e);
    });
    child.on('close', (exitCode, signal) => {
      clearTimeout(timer);
      let json: unknown;
      try {
        json = JSON.parse(stdout);
      } catch {
        json = undefined;
      }
      resolve({ exitCode, signal, timedOut, stdout, stderr, json, ms: Date.now() - started });
    });
  });
}

/** The environment every agent run starts from: PATH and a locale, nothing of the caller's secrets. */
export function baseEnv(home: string): Record<string, string> {
  return { PATH: process.env['PATH'] ?? '/usr/bin:/bin', HOME: home, LANG: 'C.UTF-8', TERM: 'dumb', NO_COLOR: '1' };
}
