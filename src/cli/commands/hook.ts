import { createRequire } from 'node:module';
import type { Command } from '../io.js';

/**
 * `rampart hook <agent> [--server URL] [--fail closed|open]`, run through the `rampart` command. The logic lives
 * in `../hook-shim.cts`, compiled to CommonJS, which the installed hook commands run directly
 * (`node dist/cli/hook-shim.cjs hook <agent> …`) to skip the ES-module loader's start-up on every tool call.
 */
interface HookShim {
  readonly run: Command;
}

export const hook: Command = (args, io) => (createRequire(import.meta.url)('../hook-shim.cjs') as HookShim).run(args, io);
