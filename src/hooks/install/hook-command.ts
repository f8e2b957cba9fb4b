import type { AgentName } from './agents.js';
import { quoteArg, splitWords } from './shell-words.js';
import type { FailMode, HookProgram } from './types.js';

/**
 * The hook command line, the contract with `rampart hook`:
 * `<node> <script> hook <agent> [--server URL] [--fail closed|open]`, each word quoted for the agent's shell.
 */
export function hookCommandLine(o: {
  readonly program: HookProgram;
  readonly agent: AgentName;
  readonly server: string | undefined;
  readonly fail: FailMode;
  readonly platform: NodeJS.Platform;
}): string {
  const words = [o.program.node, o.program.script, 'hook', o.agent];
  if (o.server !== undefined) words.push('--server', o.server);
  words.push('--fail', o.fail);
  return words.map((w) => quoteArg(w, o.platform)).join(' ');
}

/** What an installed command of ours says. */
export interface OurCommand {
  readonly server: string | undefined;
  readonly fail: FailMode | undefined;
}

/**
 * Script names that mark a command as ours: the package's hook-shim.cjs (what the installer writes) or
 * main.js, a test double main.mjs, or a global `rampart`.
 */
const OUR_SCRIPT = /(^|[/\\])(hook-shim\.cjs|main\.m?js|rampart(\.cmd|\.exe)?)$/;

/**
 * Recognizes a command the installer wrote for `agent`: a `hook-shim.cjs` (or `rampart`) program followed by
 * `hook <agent>` and only our own flags. Anything else, including a user's hook that merely mentions
 * `hook <agent>`, is not ours, so uninstall never removes it.
 */
export function parseOurCommand(line: string, agent: AgentName): OurCommand | undefined {
  const words = splitWords(line);
  if (words === undefined) return undefined;
  const at = words.findIndex((w, i) => OUR_SCRIPT.test(w) && words[i + 1] === 'hook' && words[i + 2] === agent);
  if (at < 0 || at > 1) return undefined;
  let server: string | undefined;
  let fail: FailMode | undefined;
  for (let i = at + 3; i < words.length; i += 2) {
    const flag = words[i];
    const value = words[i + 1];
    if (value === undefined) return undefined;
    if (flag === '--server') server = value;
    else if (flag === '--fail' && (value === 'closed' || value === 'open')) fail = value;
    else return undefined;
  }
  return { server, fail };
}
