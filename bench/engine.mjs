// Engine benchmark (issue 2): throughput on typical events, cost growth with session length, memory per
// live session. Uses the built engine (dist/) with the default policy pack and every detector, no store.
//   npm run bench:engine
// Prints a table, then one JSON line with the figures.
import { createEngine, loadPolicies } from '../dist/server/runtime.js';
import { ConfigSchema } from '../dist/config/schema.js';

const WORDS = ('the quarterly report shows revenue growth in all regions while costs stayed flat and the team ' +
  'plans to hire two engineers next month please review the attached draft before friday meeting notes ' +
  'customer asked about pricing for the enterprise tier and support response times were discussed').split(' ');

function rng(seed) {
  let s = seed >>> 0;
  return () => ((s = (Math.imul(s, 1664525) + 1013904223) >>> 0) / 2 ** 32);
}
const rand = rng(42);
const pick = (a) => a[Math.floor(rand() * a.length)];

/** Text of about `n` characters: prose with the ids, amounts, dates and addresses real tool output has. */
function text(n) {
  const parts = [];
  let len = 0;
  while (len < n) {
    const r = rand();
    const w = r < 0.03 ? `${pick(WORDS)}.${pick(WORDS)}@example.com` : r < 0.06 ? `${Math.floor(rand() * 1e6)}` : r < 0.08 ? `2024-0${1 + Math.floor(rand() * 9)}-1${Math.floor(rand() * 9)}` : r < 0.09 ? `https://docs.example.com/${pick(WORDS)}/${Math.floor(rand() * 1000)}` : pick(WORDS);
    parts.push(w);
    len += w.length + 1;
  }
  return parts.join(' ');
}

const POOL = 512;
const results = Array.from({ length: POOL }, () => `- id: ${Math.floor(rand() * 1e5)}\n  subject: ${text(40)}\n  body: '${text(1000 + Math.floor(rand() * 3000))}'\n`);
const prompts = Array.from({ length: POOL }, () => text(200 + Math.floor(rand() * 800)));
const bodies = Array.from({ length: POOL }, () => text(1000 + Math.floor(rand() * 1000)));

/** A typical session step: prompt, then read call, its 1-4 KB result, a send call with a 1-2 KB body. */
function* sessionEvents(sessionId, count, offset) {
  for (let i = 0; i < count; i++) {
    const k = (offset + i) % POOL;
    switch (i % 5) {
      case 0: yield { kind: 'prompt', sessionId, source: 'api', text: prompts[k] }; break;
      case 1: yield { kind: 'tool.call', sessionId, source: 'api', tool: { server: 'mail', name: 'search_emails', callId: undefined }, args: { query: 'report', limit: 10 } }; break;
      case 2: yield { kind: 'tool.result', sessionId, source: 'api', tool: { server: 'mail', name: 'search_emails', callId: undefined }, content: results[k], isError: false }; break;
      case 3: yield { kind: 'tool.call', sessionId, source: 'api', tool: { server: 'mail', name: 'send_email', callId: undefined }, args: { to: 'team@example.com', subject: 'Summary', body: bodies[k] } }; break;
      default: yield { kind: 'model.output', sessionId, source: 'api', text: bodies[k].slice(0, 600) };
    }
  }
}

const policy = await loadPolicies([]);
if (!policy.ok) throw new Error(policy.error.join('\n'));
const config = ConfigSchema.parse({});
const newEngine = () => createEngine({ config, policy: policy.value });
const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];

// 1. Throughput: 10-event sessions, many of them, one thread.
function throughput(n) {
  const engine = newEngine();
  const evs = [];
  for (let s = 0; evs.length < n; s++) for (const e of sessionEvents(`t${s}`, 10, s * 7)) evs.push(e);
  const bytes = evs.reduce((a, e) => a + (e.text?.length ?? e.content?.length ?? JSON.stringify(e.args ?? {}).length), 0);
  const t0 = performance.now();
  for (const e of evs) engine.process(e);
  const ms = performance.now() - t0;
  return { eps: n / (ms / 1000), avgBytes: bytes / n };
}
throughput(20_000); // warm up
const runs = [1, 2, 3, 4, 5].map(() => throughput(100_000));
const eps = median(runs.map((r) => r.eps));

// 2. Growth: per-event cost of the last 1,000 events of a 10,000-event session vs events of 10-event sessions,
// interleaved in rounds so machine noise hits both alike.
function perEventShort(engine, round) {
  const evs = [];
  for (let s = 0; s < 100; s++) for (const e of sessionEvents(`short-${round}-${s}`, 10, s)) evs.push(e);
  const t0 = performance.now();
  for (const e of evs) engine.process(e);
  return (performance.now() - t0) / evs.length;
}
function perEventLate(engine, round) {
  const id = `long-${round}`;
  const evs = [...sessionEvents(id, 10_000, round)];
  for (const e of evs.slice(0, 9_000)) engine.process(e);
  const late = evs.slice(9_000);
  const t0 = performance.now();
  for (const e of late) engine.process(e);
  return (performance.now() - t0) / late.length;
}
const short = [];
const late = [];
for (let r = 0; r < 7; r++) {
  const engine = newEngine();
  short.push(perEventShort(engine, r));
  late.push(perEventLate(engine, r));
}
const growth = median(late) / median(short);

// 3. Memory: 10,000 live sessions of 10 typical events each.
// JS heap plus typed-array backing stores, which live outside the heap and `heapUsed` would not count.
function heap() {
  globalThis.gc?.();
  globalThis.gc?.();
  const m = process.memoryUsage();
  return m.heapUsed + m.arrayBuffers;
}
const base = heap();
const engine = newEngine();
for (let s = 0; s < 10_000; s++) for (const e of sessionEvents(`m${s}`, 10, s)) engine.process(e);
const live = engine.stats().sessions;
const heapMb = (heap() - base) / 1e6;

const fmt = (x, d = 1) => x.toFixed(d);
console.log('engine benchmark (one thread, default policy pack, all detectors, no store)');
console.log(`  node ${process.version}, ${process.platform}/${process.arch}`);
console.log(`  throughput        ${fmt(eps, 0).padStart(10)} events/s   (median of 5 x 100k events, avg content ${fmt(runs[0].avgBytes, 0)} B)   target >= 100000`);
console.log(`  late/short cost   ${fmt(growth, 2).padStart(10)} x          (events 9001-10000 of one session: ${fmt(median(late) * 1000, 2)} us; 10-event sessions: ${fmt(median(short) * 1000, 2)} us)   target <= 1.2`);
console.log(`  memory, 10k sessions${fmt(heapMb).padStart(10)} MB         (heap + array buffers; ${live} live sessions${globalThis.gc ? '' : '; run with --expose-gc for an exact figure'})   target <= 200`);
console.log(JSON.stringify({ events_per_sec: Math.round(eps), late_vs_short: Number(growth.toFixed(3)), memory_mb_10k_sessions: Number(heapMb.toFixed(1)), live_sessions: live }));
