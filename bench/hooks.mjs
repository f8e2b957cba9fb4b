// Hook benchmark (issue 3): the HTTP hook round trip on loopback, and the command shim's wall time next to a
// bare `node -e 0`, measured side by side in one run. Runs a real `rampart serve` (SQLite in a temp folder)
// as a child process, so the client and the server do not share an event loop.
//   npm run bench:hooks
// Prints a table, then one JSON line with the figures. Targets: round trip p50 <= 1 ms; shim <= node -e 0 + 15 ms.
import { spawn, spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { Agent, request } from 'node:http';
import { cpus, loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';

const CLI = new URL('../dist/cli/main.js', import.meta.url).pathname;
// What the installer writes into the agents' settings: the CommonJS shim, not the ES-module CLI.
const SHIM = new URL('../dist/cli/hook-shim.cjs', import.meta.url).pathname;
const ROUND_TRIPS = Number(process.env.BENCH_ROUND_TRIPS ?? 3000);
const WARMUP = 300;
const SHIM_RUNS = Number(process.env.BENCH_SHIM_RUNS ?? 40);
const LOCAL_RUNS = Number(process.env.BENCH_LOCAL_RUNS ?? 10);

/** A realistic Claude Code PreToolUse payload (agents.md, Claude Code 2.1.197), varied per call. */
function preToolUse(i) {
  const session = `bench-${i % 8}-86b6fc42-5c26-4c01-9baa-64f5625c6eb3`;
  return JSON.stringify({
    session_id: session,
    transcript_path: `/home/dev/.claude/projects/-work-app/${session}.jsonl`,
    cwd: '/work/app',
    prompt_id: '8efb24fd-8f8e-44b8-b31e-8c405b38fc41',
    permission_mode: 'default',
    effort: { level: 'high' },
    hook_event_name: 'PreToolUse',
    tool_name: 'Bash',
    tool_input: { command: i % 3 === 0 ? 'npm test -- --reporter=dot' : i % 3 === 1 ? 'git status && git diff --stat' : 'cat src/index.ts | head -50', description: 'Run a command' },
    tool_use_id: `toolu_${(0x72833ec83ff20221n + BigInt(i)).toString(16)}`,
  });
}

function startServer(data) {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [CLI, 'serve', '--port', '0', '--data', data], { stdio: ['ignore', 'pipe', 'inherit'] });
    let out = '';
    child.stdout.on('data', (c) => {
      out += c;
      const m = /listening on (http:\/\/\S+)/.exec(out);
      if (m) resolve({ child, base: m[1] });
    });
    child.on('exit', (code) => reject(new Error(`server exited with ${code}`)));
  });
}

function post(agent, url, body) {
  return new Promise((resolve, reject) => {
    const req = request(url, { method: 'POST', agent, headers: { 'content-type': 'application/json', 'content-length': Buffer.byteLength(body) } }, (res) => {
      res.resume();
      res.on('end', () => (res.statusCode === 200 ? resolve() : reject(new Error(`HTTP ${res.statusCode}`))));
    });
    req.on('error', reject);
    req.end(body);
  });
}

const pct = (sorted, p) => sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))];
const median = (xs) => pct([...xs].sort((a, b) => a - b), 50);

function wall(args, input, env = process.env) {
  const t0 = process.hrtime.bigint();
  const r = spawnSync(process.execPath, args, { input, env, stdio: ['pipe', 'pipe', 'pipe'] });
  const ms = Number(process.hrtime.bigint() - t0) / 1e6;
  if (r.status !== 0) throw new Error(`${args.join(' ')} exited ${r.status}: ${r.stderr}`);
  return ms;
}

const data = mkdtempSync(join(tmpdir(), 'rampart-bench-hooks-'));
const { child, base } = await startServer(data);
try {
  const url = `${base}/v1/hooks/claude-code`;
  // Keep-alive, like Claude Code's HTTP hooks (axios, `connection: keep-alive`).
  const agent = new Agent({ keepAlive: true, maxSockets: 1 });
  for (let i = 0; i < WARMUP; i++) await post(agent, url, preToolUse(i));
  const rtt = [];
  for (let i = 0; i < ROUND_TRIPS; i++) {
    const body = preToolUse(WARMUP + i);
    const t0 = process.hrtime.bigint();
    await post(agent, url, body);
    rtt.push(Number(process.hrtime.bigint() - t0) / 1e6);
  }
  agent.destroy();
  rtt.sort((a, b) => a - b);

  // The installed shim, `rampart hook` through the ES-module CLI, and a bare node, alternated so all see the
  // same machine load.
  const bare = [];
  const shim = [];
  const viaCli = [];
  const payload = preToolUse(1);
  wall([SHIM, 'hook', 'claude-code', '--server', base], payload); // warm the file cache
  wall([CLI, 'hook', 'claude-code', '--server', base], payload);
  for (let i = 0; i < SHIM_RUNS; i++) {
    bare.push(wall(['-e', '0']));
    shim.push(wall([SHIM, 'hook', 'claude-code', '--server', base], payload));
    viaCli.push(wall([CLI, 'hook', 'claude-code', '--server', base], payload));
  }
  // Local mode (no server): the shim loads the engine, rebuilds the session from SQLite, decides and appends.
  const localData = mkdtempSync(join(tmpdir(), 'rampart-bench-local-'));
  const localEnv = { ...process.env, RAMPART_DATA: localData, RAMPART_SERVER: '' };
  const local = [];
  try {
    wall([SHIM, 'hook', 'claude-code'], payload, localEnv);
    for (let i = 0; i < LOCAL_RUNS; i++) local.push(wall([SHIM, 'hook', 'claude-code'], preToolUse(i), localEnv));
  } finally {
    rmSync(localData, { recursive: true, force: true });
  }
  const figures = {
    bench: 'hooks',
    node: process.version,
    cpus: cpus().length,
    round_trips: ROUND_TRIPS,
    http_p50_ms: +pct(rtt, 50).toFixed(3),
    http_p90_ms: +pct(rtt, 90).toFixed(3),
    http_p99_ms: +pct(rtt, 99).toFixed(3),
    shim_runs: SHIM_RUNS,
    node_e0_median_ms: +median(bare).toFixed(1),
    shim_median_ms: +median(shim).toFixed(1),
    shim_overhead_ms: +(median(shim) - median(bare)).toFixed(1),
    // The fastest tenth is what the two cost with the least interference from other load on the machine.
    node_e0_p10_ms: +pct([...bare].sort((a, b) => a - b), 10).toFixed(1),
    shim_p10_ms: +pct([...shim].sort((a, b) => a - b), 10).toFixed(1),
    cli_hook_overhead_ms: +(median(viaCli) - median(bare)).toFixed(1),
    local_runs: LOCAL_RUNS,
    local_median_ms: +median(local).toFixed(1),
    loadavg_1m: +loadavg()[0].toFixed(2),
  };
  console.log(`HTTP hook round trip (Claude Code PreToolUse, keep-alive, ${ROUND_TRIPS} sequential): p50 ${figures.http_p50_ms} ms  p90 ${figures.http_p90_ms} ms  p99 ${figures.http_p99_ms} ms   (target p50 <= 1 ms)`);
  console.log(`command shim (dist/cli/hook-shim.cjs) vs node -e 0 (${SHIM_RUNS} runs each, alternated, medians): ${figures.shim_median_ms} ms vs ${figures.node_e0_median_ms} ms = +${figures.shim_overhead_ms} ms   (target <= +15 ms)`);
  console.log(`  rampart hook through the ES-module CLI (dist/cli/main.js): +${figures.cli_hook_overhead_ms} ms (median)`);
  console.log(`  local mode, no server (${LOCAL_RUNS} runs, SQLite in a temp folder): ${figures.local_median_ms} ms (median)`);
  console.log(`  fastest tenth: ${figures.shim_p10_ms} ms vs ${figures.node_e0_p10_ms} ms = +${(figures.shim_p10_ms - figures.node_e0_p10_ms).toFixed(1)} ms; load average ${figures.loadavg_1m} on ${figures.cpus} cpus`);
  console.log(JSON.stringify(figures));
} finally {
  child.kill('SIGTERM');
  await new Promise((r) => child.once('exit', r));
  rmSync(data, { recursive: true, force: true });
}
