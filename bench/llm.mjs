// LLM gateway benchmark (issue 5): the same mock upstream and load generator for four paths, measured in one
// run: direct to the mock, through a bare node:http + undici pass-through (the floor), through Rampart
// (`rampart serve`, SQLite, default policy, engine on: each request's new user turn and the reply's tool call
// are evaluated), and through Portkey's open-source gateway (@portkey-ai/gateway 1.15.2, installed on first
// run into ~/.cache/rampart-bench/portkey with @hono/node-server pinned to 1.13.5; RAMPART_BENCH_CACHE moves
// it; without the npm registry its figures are null). Each server is its own process.
//   npm run bench:llm            (GW_PROF=DIR writes a CPU profile of the Rampart process into DIR)
// Prints a table, then one JSON line. Targets: added p50 <= 0.5 ms at concurrency 1; rps >= 80% of the
// pass-through's at 64; added streaming TTFB <= 0.5 ms.
import { execFileSync, spawn } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { cpus, homedir, loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { Pool } from 'undici';

const CLI = new URL('../dist/cli/main.js', import.meta.url).pathname;
const HERE = new URL('.', import.meta.url).pathname;
const N_C1 = Number(process.env.BENCH_N_C1 ?? 2000);
const N_C64 = Number(process.env.BENCH_N_C64 ?? 12_800);
const N_TTFB = Number(process.env.BENCH_N_TTFB ?? 1000);

/** Starts a server process; `ready` finds its base URL in what it prints. */
function start(args, ready = /listening on (http:\/\/\S+)/) {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, args, { stdio: ['ignore', 'pipe', 'inherit'] });
    let out = '';
    child.stdout.on('data', (c) => {
      out += c;
      const m = ready.exec(out);
      if (m) resolve({ child, base: m[1] });
    });
    child.on('exit', (code) => reject(new Error(`${args[0]} exited with ${code}`)));
  });
}

const PORTKEY_VERSION = '1.15.2';

/** Portkey's gateway entry point, installed into the bench cache on first use; undefined when it cannot be. */
function portkeyEntry() {
  const dir = join(process.env.RAMPART_BENCH_CACHE ?? join(homedir(), '.cache', 'rampart-bench'), `portkey-${PORTKEY_VERSION}`);
  const entry = join(dir, 'node_modules', '@portkey-ai', 'gateway', 'build', 'start-server.js');
  if (existsSync(entry)) return entry;
  try {
    mkdirSync(dir, { recursive: true });
    // Every streaming request fails with a newer @hono/node-server (the note): pin it.
    writeFileSync(join(dir, 'package.json'), JSON.stringify({ private: true, dependencies: { '@portkey-ai/gateway': PORTKEY_VERSION }, overrides: { '@hono/node-server': '1.13.5' } }));
    execFileSync('npm', ['install', '--no-audit', '--no-fund', '--ignore-scripts'], { cwd: dir, stdio: 'ignore' });
    return existsSync(entry) ? entry : undefined;
  } catch {
    return undefined;
  }
}

/** A free loopback port (Portkey takes a port, not 0). */
async function freePort() {
  const { createServer } = await import('node:net');
  return new Promise((resolve) => {
    const s = createServer().listen(0, '127.0.0.1', () => {
      const { port } = s.address();
      s.close(() => resolve(port));
    });
  });
}

/** A Chat Completions request: a system prompt and a user turn, a new conversation per request (64 sessions). */
function body(i, stream) {
  return JSON.stringify({
    model: 'gpt-bench',
    stream,
    messages: [
      { role: 'system', content: 'You are a coding agent. Use the tools to read and edit files in the repository.' },
      { role: 'user', content: `Request ${i}: open src/index.ts and tell me whether the exported handler validates its input.` },
    ],
    tools: [{ type: 'function', function: { name: 'read_file', parameters: { type: 'object', properties: { path: { type: 'string' } } } } }],
  });
}

const pct = (sorted, p) => sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))];

/** `n` requests over `c` keep-alive connections; latency of each (ms) and requests per second. */
async function load(base, c, n, o = {}, extraHeaders = {}) {
  const pool = new Pool(base, { connections: c, pipelining: 1 });
  const lat = [];
  let next = 0;
  const t0 = process.hrtime.bigint();
  await Promise.all(
    Array.from({ length: c }, async (_, w) => {
      while (next < n) {
        const i = next++;
        const s = process.hrtime.bigint();
        const res = await pool.request({ path: '/v1/chat/completions', method: 'POST', headers: { 'content-type': 'application/json', 'x-rampart-session': `bench-${w}`, ...extraHeaders }, body: body(i, o.stream === true) });
        if (o.ttfb) {
          // Time to the first body byte of a stream.
          await new Promise((resolve) => res.body.once('data', resolve));
          lat.push(Number(process.hrtime.bigint() - s) / 1e6);
          await res.body.dump();
        } else {
          await res.body.text();
          lat.push(Number(process.hrtime.bigint() - s) / 1e6);
        }
        if (res.statusCode !== 200) throw new Error(`HTTP ${res.statusCode} from ${base}`);
      }
    }),
  );
  const secs = Number(process.hrtime.bigint() - t0) / 1e9;
  await pool.close();
  lat.sort((a, b) => a - b);
  return { p50: pct(lat, 50), p99: pct(lat, 99), rps: n / secs };
}

const data = mkdtempSync(join(tmpdir(), 'rampart-bench-llm-'));
const children = [];
try {
  const mock = await start([join(HERE, 'llm-mock.mjs')]);
  children.push(mock.child);
  const pass = await start([join(HERE, 'llm-passthrough.mjs'), mock.base]);
  children.push(pass.child);
  const config = join(data, 'rampart.yaml');
  writeFileSync(config, `llm:\n  providers:\n    mock: { format: openai, baseUrl: "${mock.base}/v1" }\n  models:\n    - { match: "gpt-*", provider: mock }\n`);
  const ramp = await start([...(process.env.GW_PROF ? ['--cpu-prof', '--cpu-prof-dir', process.env.GW_PROF] : []), CLI, 'serve', '--port', '0', '--data', join(data, 'db'), '--config', config]);
  children.push(ramp.child);

  const targets = { direct: [mock.base, {}], passthrough: [pass.base, {}], rampart: [ramp.base, {}] };
  const pk = portkeyEntry();
  if (pk !== undefined) {
    const port = await freePort();
    const portkey = await start([pk, `--port=${port}`, '--headless'], /running at:[\s\S]*?(http:\/\/localhost:\d+)/);
    children.push(portkey.child);
    // Portkey routes by header: the OpenAI provider at a custom host (the same mock).
    targets.portkey = [`http://127.0.0.1:${port}`, { 'x-portkey-provider': 'openai', 'x-portkey-custom-host': `${mock.base}/v1`, authorization: 'Bearer sk-bench' }];
  } else console.log('portkey: not installed and could not be installed; its figures are null');
  const r = {};
  for (const [name, [base, headers]] of Object.entries(targets)) {
    await load(base, 8, 800, {}, headers); // warm up: JIT, pools, SQLite
    r[name] = { c1: await load(base, 1, N_C1, {}, headers), c64: await load(base, 64, N_C64, {}, headers), ttfb: await load(base, 1, N_TTFB, { stream: true, ttfb: true }, headers) };
  }
  const add = (t, k, f) => +(r[t][k][f] - r.direct[k][f]).toFixed(3);
  const f3 = (x) => x.toFixed(3).padStart(8);
  console.log('path          c1 p50    c1 p99   c64 p50   c64 p99   c64 rps  ttfb p50 (ms; rps in requests/s)');
  for (const [name, x] of Object.entries(r)) console.log(`${name.padEnd(12)}${f3(x.c1.p50)}  ${f3(x.c1.p99)}  ${f3(x.c64.p50)}  ${f3(x.c64.p99)}  ${x.c64.rps.toFixed(0).padStart(8)}  ${f3(x.ttfb.p50)}`);
  const figures = {
    bench: 'llm',
    node: process.version,
    cpus: cpus().length,
    added_p50_ms_c1: add('rampart', 'c1', 'p50'),
    added_p99_ms_c1: add('rampart', 'c1', 'p99'),
    added_p50_ms_c64: add('rampart', 'c64', 'p50'),
    added_p99_ms_c64: add('rampart', 'c64', 'p99'),
    rps_c64: +r.rampart.c64.rps.toFixed(0),
    passthrough_added_p50_ms_c1: add('passthrough', 'c1', 'p50'),
    passthrough_added_p99_ms_c64: add('passthrough', 'c64', 'p99'),
    passthrough_rps_c64: +r.passthrough.c64.rps.toFixed(0),
    direct_rps_c64: +r.direct.c64.rps.toFixed(0),
    portkey_rps_c64: r.portkey === undefined ? null : +r.portkey.c64.rps.toFixed(0),
    portkey_added_p50_ms_c1: r.portkey === undefined ? null : add('portkey', 'c1', 'p50'),
    portkey_added_ttfb_ms: r.portkey === undefined ? null : add('portkey', 'ttfb', 'p50'),
    rps_vs_portkey: r.portkey === undefined ? null : +(r.rampart.c64.rps / r.portkey.c64.rps).toFixed(2),
    added_ttfb_ms: add('rampart', 'ttfb', 'p50'),
    passthrough_added_ttfb_ms: add('passthrough', 'ttfb', 'p50'),
    rps_vs_passthrough: +(r.rampart.c64.rps / r.passthrough.c64.rps).toFixed(2),
    loadavg_1m: +loadavg()[0].toFixed(2),
  };
  console.log(`Rampart added: p50 ${figures.added_p50_ms_c1} ms at c1 (target <= 0.5), p99 ${figures.added_p99_ms_c64} ms at c64; ${figures.rps_c64} rps at c64 = ${figures.rps_vs_passthrough} x pass-through (target >= 0.8), ${figures.rps_vs_portkey ?? '-'} x Portkey (target >= 10); TTFB +${figures.added_ttfb_ms} ms (target <= 0.5)`);
  console.log(JSON.stringify(figures));
} finally {
  for (const c of children) c.kill('SIGTERM');
  rmSync(data, { recursive: true, force: true });
}
