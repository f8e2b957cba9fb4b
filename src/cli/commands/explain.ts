import type { ChainLink, EngineRecord } from '../../core/index.js';
import { summarize } from '../../engine/summarize.js';
import { openStore } from '../../store/open-store.js';
import type { CliIO } from '../io.js';
import { parseCommandArgs } from './args.js';
import { dataDir } from './data-dir.js';

/** Renders a causal chain as numbered lines, oldest first. */
export function formatChain(chain: readonly ChainLink[]): string {
  return chain.map((l) => `      #${l.seq} ${l.summary}\n         ↳ ${l.role}`).join('\n');
}

/** Renders one stored record: the event's decision and, for a halt, the chain that explains it. */
export function formatRecord(rec: EngineRecord): string {
  const d = rec.decision;
  const head = `#${rec.event.seq} ${d.action.toUpperCase().padEnd(6)} ${summarize(rec.event, rec.findings)}`;
  if (d.action === 'allow') return head;
  const why = d.action === 'ask' ? d.prompt : d.reason;
  return `${head}\n    rule ${d.rule.id} (${d.rule.severity}; ${d.rule.owasp.join(', ')}): ${why}\n    because:\n${formatChain(d.chain)}`;
}

/** `rampart explain SESSION_ID`: prints a stored session's events and the chain behind every halt. */
export async function explain(args: string[], io: CliIO): Promise<number> {
  const p = parseCommandArgs(args, { data: { type: 'string' }, help: { type: 'boolean' } });
  if (p.ok && p.values.help === true) {
    io.out('usage: rampart explain SESSION_ID [--data DIR]\n');
    return 0;
  }
  if (!p.ok || p.positionals.length !== 1) {
    io.err(`${p.ok ? '' : `rampart explain: ${p.message}\n`}usage: rampart explain SESSION_ID [--data DIR]\n`);
    return 2;
  }
  const id = p.positionals[0] as string;
  const store = await openStore({ data: dataDir(p.values.data) });
  try {
    const session = await store.getSession(id);
    if (session === undefined) {
      io.err(`rampart explain: no session ${JSON.stringify(id)} in the store\n`);
      return 1;
    }
    io.out(`session ${id}: ${session.events} events, last decision ${session.lastAction}\n`);
    let afterSeq = -1;
    for (;;) {
      const page = await store.sessionEvents(id, { afterSeq });
      for (const rec of page) io.out(`  ${formatRecord(rec).replace(/\n/g, '\n  ')}\n`);
      const last = page.at(-1);
      if (last === undefined) break;
      afterSeq = last.event.seq;
    }
    return 0;
  } finally {
    await store.close();
  }
}
