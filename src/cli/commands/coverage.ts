import { openStore } from '../../store/open-store.js';
import type { CliIO } from '../io.js';
import { parseCommandArgs } from './args.js';
import { dataDir } from './data-dir.js';

const USAGE = 'usage: rampart coverage [--data DIR] [--json]\n';

function ago(ms: number): string {
  const s = Math.max(0, Math.round(ms / 1000));
  if (s < 120) return `${s}s ago`;
  if (s < 7200) return `${Math.round(s / 60)}m ago`;
  if (s < 172_800) return `${Math.round(s / 3600)}h ago`;
  return `${Math.round(s / 86_400)}d ago`;
}

/**
 * `rampart coverage`: which users on which machines sent hook events, per agent, and when last, so a security
 * team can see who is not routed through Rampart. Reads the store the server (or local-mode hooks) write.
 */
export async function coverage(args: string[], io: CliIO): Promise<number> {
  const p = parseCommandArgs(args, { data: { type: 'string' }, json: { type: 'boolean' }, help: { type: 'boolean' } });
  if (p.ok && p.values.help === true) {
    io.out(USAGE);
    return 0;
  }
  if (!p.ok || p.positionals.length > 0) {
    io.err(`${p.ok ? '' : `rampart coverage: ${p.message}\n`}${USAGE}`);
    return 2;
  }
  const store = await openStore({ data: dataDir(p.values.data) });
  try {
    const rows = await store.listCoverage();
    if (p.values.json === true) {
      io.out(`${JSON.stringify({ coverage: rows })}\n`);
      return 0;
    }
    if (rows.length === 0) {
      io.out('no hook events recorded yet\n');
      return 0;
    }
    const now = Date.now();
    const table = [['AGENT', 'USER', 'HOST', 'EVENTS', 'LAST SEEN'], ...rows.map((r) => [r.agent, r.user, r.host, String(r.events), `${new Date(r.lastSeen).toISOString()} (${ago(now - r.lastSeen)})`])];
    const widths = table[0]?.map((_, i) => Math.max(...table.map((row) => (row[i] ?? '').length))) ?? [];
    for (const row of table) io.out(`${row.map((c, i) => c.padEnd(widths[i] ?? 0)).join('  ').trimEnd()}\n`);
    return 0;
  } finally {
    await store.close();
  }
}
