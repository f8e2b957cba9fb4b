import { openStore } from '../../store/open-store.js';
import type { CliIO } from '../io.js';
import { parseCommandArgs } from './args.js';
import { dataDir } from './data-dir.js';

/** `rampart audit verify`: re-walks the hash chain and reports altered, inserted or deleted records. */
export async function audit(args: string[], io: CliIO): Promise<number> {
  const p = parseCommandArgs(args, { data: { type: 'string' }, help: { type: 'boolean' } });
  if (p.ok && p.values.help === true) {
    io.out('usage: rampart audit verify [--data DIR]\n');
    return 0;
  }
  if (!p.ok || p.positionals[0] !== 'verify' || p.positionals.length !== 1) {
    io.err(`${p.ok ? '' : `rampart audit: ${p.message}\n`}usage: rampart audit verify [--data DIR]\n`);
    return 2;
  }
  const store = await openStore({ data: dataDir(p.values.data) });
  try {
    const report = await store.auditVerify();
    if (report.ok) {
      io.out(`audit ok: ${report.checked} entries, chain intact\n`);
      return 0;
    }
    io.out(`audit FAILED: ${report.problems.length} problem(s) in ${report.checked} entries\n`);
    for (const pr of report.problems) io.out(`  ${pr.kind.padEnd(10)} entry ${pr.id ?? '-'}: ${pr.message}\n`);
    return 1;
  } finally {
    await store.close();
  }
}
