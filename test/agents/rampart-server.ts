import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ConfigSchema } from '../../src/config/schema.js';
import type { StoredRecord } from '../../src/store/store.js';
import { createApp } from '../../src/server/app.js';
import { createRuntime } from '../../src/server/runtime.js';
import { CLI, ensureDist } from '../helpers/dist.js';

/** What a `rampart` CLI run printed. */
export interface CliRun {
  readonly code: number | null;
  readonly stdout: string;
  readonly stderr: string;
}

/** Runs the built CLI (`node dist/cli/main.js ARGS`) as a child process, the way a developer would. */
export function runCli(args: readonly string[], env: Readonly<Record<string, string>> = {}): Promise<CliRun> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [CLI, ...args], { env: { PATH: process.env['PATH'] ?? '', HOME: tmpdir(), ...env }, stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.setEncoding('utf8').on('data', (s: string) => (stdout += s));
    child.stderr.setEncoding('utf8').on('data', (s: string) => (stderr += s));
    child.on('error', reject);
    child.on('close', (code) => resolve({ code, stdout, stderr }));
  });
}

/** A real Rampart gateway for agent scenarios: default policy, SQLite in a temp folder, loopback, port 0. */
export interface RampartUnderTest {
  readonly url: string;
  /** The data folder (SQLite) the server writes and `rampart explain --data` reads. */
  readonly data: string;
  /** A session's stored records, after flushing the batched writer (the store is off the request path). */
  events(sessionId: string): Promise<readonly StoredRecord[]>;
  /** `rampart explain SESSION --data DATA`, the real CLI in a child process, after a flush. */
  explain(sessionId: string): Promise<CliRun>;
  close(): Promise<void>;
}

/**
 * Starts the real server in-process: the same composition root as `rampart serve` (`createRuntime` +
 * `createApp`), so hooks go through the real HTTP edge, adapters, engine, policy and SQLite store. Builds
 * `dist/` first when stale: the installed hooks run `dist/cli/hook-shim.cjs hook <agent>`.
 */
export async function startRampart(): Promise<RampartUnderTest> {
  ensureDist();
  const data = mkdtempSync(join(tmpdir(), 'rampart-guard-'));
  const created = await createRuntime(ConfigSchema.parse({ data }));
  if (!created.ok) throw new Error(created.error.join('\n'));
  const rt = created.value;
  const app = createApp(rt);
  const url = await app.listen({ host: '127.0.0.1', port: 0 });
  const flush = () => rt.writer.flush();
  return {
    url,
    data,
    async events(sessionId) {
      await flush();
      return await rt.store.sessionEvents(sessionId);
    },
    async explain(sessionId) {
      await flush();
      return await runCli(['explain', sessionId, '--data', data]);
    },
    async close() {
      await app.close();
      await rt.close();
      rmSync(data, { recursive: true, force: true });
    },
  };
}
