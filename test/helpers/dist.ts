import { execFileSync } from 'node:child_process';
import { readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';

const ROOT = new URL('../../', import.meta.url).pathname;

/** The built CLI: `node dist/cli/main.js`. */
export const CLI = join(ROOT, 'dist/cli/main.js');
/** Where the built CLI lives; the installed hook command runs `hook-shim.cjs` there. */
export const CLI_DIR = join(ROOT, 'dist/cli');
/** The CommonJS hook shim the installer's hook commands run: `node dist/cli/hook-shim.cjs hook <agent>`. */
export const HOOK_SHIM = join(CLI_DIR, 'hook-shim.cjs');

function newest(dir: string): number {
  let t = 0;
  for (const f of readdirSync(dir)) {
    const p = join(dir, f);
    const s = statSync(p);
    t = Math.max(t, s.isDirectory() ? newest(p) : (f.endsWith('.ts') || f.endsWith('.cts')) && !f.endsWith('.test.ts') ? s.mtimeMs : 0);
  }
  return t;
}

/**
 * Builds `dist/` when any source file is newer than it: tests that run the CLI as a real child process (the
 * way agents run hooks) must not run a stale build.
 */
export function ensureDist(): void {
  let built = 0;
  try {
    built = Math.min(statSync(CLI).mtimeMs, statSync(HOOK_SHIM).mtimeMs);
  } catch {
    built = 0;
  }
  if (built >= newest(join(ROOT, 'src'))) return;
  execFileSync(process.execPath, [join(ROOT, 'node_modules/typescript/bin/tsc'), '-p', join(ROOT, 'tsconfig.json')], { stdio: 'inherit' });
}
