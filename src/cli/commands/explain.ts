import type { ChainLink, EngineRecord } from '../../core/index.js';
import { summarize } from '../../engine/summarize.js';
import { openStore } from '../../store/open-store.js';
import type { CliIO } from '../io.js';
import { parseCommandArgs } from './args.js';
import { dataDir } from './data-dir.js';

/** Tool calls and results remembered while a session streams past, so a chain can name the call a result answers. */
const MAX_REMEMBERED = 4096;

/**
 * Which call each tool result answers, learned from the records as they stream past (bounded; oldest dropped).
 * A result's own summary names only the tool; the call ("cat notes.txt") says which file brought content in.
 */
export class CallIndex {
  readonly #calls = new Map<string, { readonly seq: number; readonly summary: string }>();
  readonly #results = new Map<number, string>();

  /** Notes a record: a call by its id, a result by its seq and the id of the call it answers. */
  see(rec: EngineRecord): void {
    const e = rec.event;
    if (e.kind === 'tool.call' && e.tool.callId !== undefined) remember(this.#calls, e.tool.callId, { seq: e.seq, summary: summarize(e, rec.findings) });
    if (e.kind === 'tool.result' && e.tool.callId !== undefined) remember(this.#results, e.seq, e.tool.callId);
  }

  /** The call a result (by seq) answers, as `#seq summary`, when both were seen. */
  callOf(resultSeq: number): string | undefined {
    const id = this.#results.get(resultSeq);
    const call = id === undefined ? undefined : this.#calls.get(id);
    return call === undefined ? undefined : `#${call.seq} ${call.summary}`;
  }
}

function remember<K, V>(map: Map<K, V>, key: K, value: V): void {
  map.delete(key);
  map.set(key, value);
  if (map.size > MAX_REMEMBERED) map.delete(map.keys().next().value as K);
}

/** Renders a causal chain as numbered lines, oldest first; a tool result names the call it answers when known. */
export function formatChain(chain: readonly ChainLink[], calls?: CallIndex): string {
  return chain
    .map((l) => {
      const call = l.kind === 'tool.result' ? calls?.callOf(l.seq) : undefined;
      return `      #${l.seq} ${l.summary}${call === undefined ? '' : `\n         result of ${call}`}\n         ↳ ${l.role}`;
    })
    .join('\n');
}

/** Renders one stored record: the event's decision and, for a halt, the chain that explains it. */
export function formatRecord(rec: EngineRecord, calls?: CallIndex): string {
  const d = rec.decision;
  const head = `#${rec.event.seq} ${d.action.toUpperCase().padEnd(6)} ${summarize(rec.event, rec.findings)}`;
  if (d.action === 'allow') return head;
  const why = d.action === 'ask' ? d.prompt : d.reason;
  return `${head}\n    rule ${d.rule.id} (${d.rule.severity}; ${d.rule.owasp.join(', ')}): ${why}\n    because:\n${formatChain(d.chain, calls)}`;
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
    const calls = new CallIndex();
    for (;;) {
      const page = await store.sessionEvents(id, { afterSeq });
      for (const rec of page) {
        calls.see(rec);
        io.out(`  ${formatRecord(rec, calls).replace(/\n/g, '\n  ')}\n`);
      }
      const last = page.at(-1);
      if (last === undefined) break;
      afterSeq = last.event.seq;
    }
    return 0;
  } finally {
    await store.close();
  }
}
