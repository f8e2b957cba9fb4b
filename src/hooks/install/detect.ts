import { accessSync, constants, statSync } from 'node:fs';
import { delimiter, join } from 'node:path';
import type { AgentSpec } from './agent-spec.js';
import type { InstallEnv } from './types.js';

/** Why we think an agent is installed here: an executable on PATH, or its config folder. */
export type Presence =
  | { readonly found: true; readonly how: 'path'; readonly where: string }
  | { readonly found: true; readonly how: 'config'; readonly where: string }
  | { readonly found: false };

function isExecutable(p: string): boolean {
  try {
    if (!statSync(p).isFile()) return false;
    accessSync(p, constants.X_OK);
    return true;
  } catch {
    return false;
  }
}

function isDir(p: string): boolean {
  try {
    return statSync(p).isDirectory();
  } catch {
    return false;
  }
}

/** Looks for the agent's executable on PATH, then for its config folder. */
export function detectAgent(spec: AgentSpec, env: InstallEnv): Presence {
  const dirs = (env.env['PATH'] ?? '').split(delimiter).filter((d) => d !== '');
  const suffixes = env.platform === 'win32' ? ['.exe', '.cmd', ''] : [''];
  for (const bin of spec.bins) {
    for (const dir of dirs) {
      for (const s of suffixes) {
        const p = join(dir, bin + s);
        if (isExecutable(p)) return { found: true, how: 'path', where: p };
      }
    }
  }
  for (const d of spec.configDirs(env)) if (isDir(d)) return { found: true, how: 'config', where: d };
  return { found: false };
}
