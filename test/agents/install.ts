import { runHooks } from '../../src/cli/commands/hooks.js';
import type { InstallEnv } from '../../src/hooks/install/index.js';
import type { Workspace } from './workspace.js';

/** The installer's view of a workspace: its HOME, project and managed root, never the real machine's. */
export function workspaceInstallEnv(ws: Workspace, extraEnv: Readonly<Record<string, string>> = {}): InstallEnv {
  return { home: ws.home, project: ws.project, managedRoot: ws.managedRoot, platform: process.platform, env: { PATH: process.env['PATH'], ...extraEnv }, now: () => new Date() };
}

/**
 * Runs `rampart hooks <args>` (the real command, in-process) against a workspace. Pass `--program` to point
 * the hooks at a recorder instead of the real `rampart hook`.
 */
export async function rampartHooks(ws: Workspace, args: readonly string[], extraEnv: Readonly<Record<string, string>> = {}): Promise<{ code: number; stdout: string; stderr: string }> {
  let stdout = '';
  let stderr = '';
  const io = { tty: false, out: (s: string) => void (stdout += s), err: (s: string) => void (stderr += s) };
  const code = await runHooks([...args], io, () => workspaceInstallEnv(ws, extraEnv));
  return { code, stdout, stderr };
}
