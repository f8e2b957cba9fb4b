import { createReadStream } from 'node:fs';
import { stat } from 'node:fs/promises';
import { createInterface } from 'node:readline';
import { ConfigSchema } from '../../config/schema.js';
import { loadConfig } from '../../config/load.js';
import { parseCorpusLine } from '../../replay/corpus.js';
import { replaySession, type ReplayResult } from '../../replay/replay.js';
import { createEngine, loadPolicies, storedSeqs } from '../../server/runtime.js';
import { openStore } from '../../store/open-store.js';
import { BatchWriter } from '../../store/writer.js';
import type { CliIO } from '../io.js';
import { parseCommandArgs } from './args.js';
import { progressBar } from './progress.js';

/** Longest corpus line accepted; a longer one is a bad session, not an out-of-memory. */
const MAX_LINE_CHARS = 16 * 1024 * 1024;

/**
 * `rampart replay FILE.jsonl [--json]` (DESIGN.md §5): feeds each corpus session event by event through the
 * same engine and policy the gateway uses and prints one result per session. Bad lines are reported with
 * their line number and field, counted, and skipped.
 */
export async function replay(args: string[], io: CliIO): Promise<number> {
  const p = parseCommandArgs(args, {
    json: { type: 'boolean' },
    policy: { type: 'string', multiple: true },
    config: { type: 'string' },
    data: { type: 'string' },
    help: { type: 'boolean' },
  });
  if (!p.ok || p.positionals.length !== 1 || p.values.help === true) {
    (p.ok && p.values.help === true ? io.out : io.err)(`${p.ok ? '' : `rampart replay: ${p.message}\n`}usage: rampart replay FILE.jsonl [--json] [--policy FILE]... [--config FILE] [--data DIR]\n`);
    return p.ok && p.values.help === true ? 0 : 2;
  }
  const file = p.positionals[0] as string;
  const cfg = p.values.config === undefined ? { ok: true as const, value: ConfigSchema.parse({}) } : await loadConfig(p.values.config);
  if (!cfg.ok) {
    io.err(`rampart replay: ${cfg.error}\n`);
    return 2;
  }
  const policy = await loadPolicies(p.values.policy ?? cfg.value.policies);
  if (!policy.ok) {
    io.err(`rampart replay: invalid policy\n${policy.error.join('\n')}\n`);
    return 2;
  }
  const store = p.values.data === undefined ? undefined : await openStore({ data: p.values.data });
  const writer = store === undefined ? undefined : new BatchWriter({ store, onError: (e) => io.err(`rampart replay: store: ${String(e)}\n`) });
  const resume = store === undefined ? undefined : await storedSeqs(store);
  const engine = createEngine({ config: cfg.value, policy: policy.value, sink: writer, firstSeq: (id) => resume?.get(id) ?? 0 });

  const json = p.values.json === true;
  const size = io.tty ? await stat(file).then((st) => st.size, () => 0) : 0;
  const bar = io.tty ? progressBar(io, size) : undefined;
  let bytes = 0;
  const counts = { sessions: 0, bad: 0, allow: 0, deny: 0, ask: 0, redact: 0, events: 0 };
  const rules = new Map<string, number>();
  const started = performance.now();

  const stream = createReadStream(file, { encoding: 'utf8' });
  try {
    await new Promise<void>((resolve, reject) => {
      stream.once('open', () => resolve());
      stream.once('error', reject);
    });
  } catch (e) {
    io.err(`rampart replay: cannot read ${file}: ${(e as NodeJS.ErrnoException).code ?? String(e)}\n`);
    return 2;
  }
  const lines = createInterface({ input: stream, crlfDelay: Infinity });
  let lineNo = 0;
  for await (const line of lines) {
    lineNo++;
    if (bar !== undefined) bytes += Buffer.byteLength(line) + 1;
    if (line.trim().length === 0) continue;
    if (line.length > MAX_LINE_CHARS) {
      counts.bad++;
      io.err(`${file}:${lineNo}: (line): longer than ${MAX_LINE_CHARS} characters; skipped\n`);
      continue;
    }
    const parsed = parseCorpusLine(line, lineNo);
    if (!parsed.ok) {
      counts.bad++;
      io.err(`${file}:${parsed.error.line}: ${parsed.error.field}: ${parsed.error.message}; skipped\n`);
      continue;
    }
    const r: ReplayResult = replaySession(engine, parsed.value);
    counts.sessions++;
    counts.events += parsed.value.events.length;
    counts[r.action]++;
    for (const id of r.rules) rules.set(id, (rules.get(id) ?? 0) + 1);
    if (json) io.out(`${JSON.stringify(r)}\n`);
    else io.out(`${r.id}  ${r.action}${r.stopped_at === null ? '' : ` at event ${r.stopped_at}`}${r.rules.length > 0 ? `  [${r.rules.join(', ')}]` : ''}\n`);
    bar?.update(bytes, counts.sessions);
  }
  bar?.done();
  if (writer !== undefined) {
    await writer.flush();
    await writer.close();
  }
  await store?.close();

  const secs = (performance.now() - started) / 1000;
  const summary = [
    '',
    `replayed ${counts.sessions} sessions (${counts.events} events) in ${secs.toFixed(2)} s; ${counts.bad} bad line(s) skipped`,
    `  ${'action'.padEnd(28)} sessions`,
    ...(['allow', 'deny', 'ask', 'redact'] as const).map((a) => `  ${a.padEnd(28)} ${String(counts[a]).padStart(8)}`),
    `  ${'rule'.padEnd(28)} sessions`,
    ...[...rules].sort((a, b) => b[1] - a[1]).map(([id, n]) => `  ${id.padEnd(28)} ${String(n).padStart(8)}`),
    '',
  ].join('\n');
  // With --json, stdout carries only result lines (the contract); the table goes to stderr.
  (json ? io.err : io.out)(summary);
  return counts.bad > 0 && counts.sessions === 0 ? 1 : 0;
}
