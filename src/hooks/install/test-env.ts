import { mkdtempSync, mkdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { HookProgram, InstallEnv } from './types.js';

/** A throw-away machine for installer tests: home, project and managed root in one temp folder. */
export function tempInstallEnv(over: Partial<InstallEnv> = {}): InstallEnv & { readonly root: string } {
  const root = mkdtempSync(join(tmpdir(), 'rampart-install-'));
  for (const d of ['home', 'project', 'managed', 'bin']) mkdirSync(join(root, d));
  let tick = Date.parse('2026-11-24T12:00:00.000Z');
  return {
    root,
    home: join(root, 'home'),
    project: join(root, 'project'),
    managedRoot: join(root, 'managed'),
    platform: 'linux',
    env: { PATH: join(root, 'bin') },
    // Each call a second later, so successive backups get distinct names.
    now: () => new Date((tick += 1000)),
    ...over,
  };
}

/** A program path with a space and a quote in it, to prove the quoting. */
export const TEST_PROGRAM: HookProgram = { node: '/usr/bin/node', script: "/opt/ram part/it's/dist/cli/main.js" };
