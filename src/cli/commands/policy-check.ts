import { formatIssue, loadPolicyFile } from '../../policy/load.js';
import type { CliIO } from '../io.js';

const USAGE = 'usage: rampart policy check FILE...';

/**
 * `rampart policy check FILE...`: validates each policy file (YAML, schema, CEL expressions, rule ids) and
 * prints `ok FILE (N rules)` or one `file:line:col: path: message` per issue.
 *
 * @returns 0 when every file is valid, 1 when any has issues, 2 on a usage error.
 */
export async function policyCheck(args: string[], io: Pick<CliIO, 'out' | 'err'>): Promise<number> {
  if (args.includes('--help') || args.includes('-h')) {
    io.out(`${USAGE}\n`);
    return 0;
  }
  if (args.length === 0) {
    io.err(`${USAGE}\n`);
    return 2;
  }
  let failed = false;
  // Sequential on purpose: the output order then follows the command line.
  for (const file of args) {
    const result = await loadPolicyFile(file);
    if (result.ok) {
      const n = result.value.rules.length;
      io.out(`ok ${file} (${n} ${n === 1 ? 'rule' : 'rules'})\n`);
    } else {
      failed = true;
      for (const issue of result.error) io.err(`${formatIssue(issue)}\n`);
    }
  }
  return failed ? 1 : 0;
}
