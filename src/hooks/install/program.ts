import { join } from 'node:path';
import type { HookProgram } from './types.js';

/**
 * The program hook commands run by default: this Node.js binary and this package's own
 * dist/cli/hook-shim.cjs (the `rampart hook` command as CommonJS, which starts faster than the ES-module
 * CLI), by absolute path, so no global install is needed. This file sits three folders below the package
 * root in both src/ and dist/.
 */
export function defaultProgram(): HookProgram {
  const root = new URL('../../../', import.meta.url).pathname;
  return { node: process.execPath, script: join(root, 'dist', 'cli', 'hook-shim.cjs') };
}
