// MCP gateway benchmark (issue 4): tools/call through the gateway vs directly against the same upstream, over
// Streamable HTTP, side by side in one run. Two upstreams: a lean node:http JSON-RPC server and an SDK server
// (test/fixtures/mcp/fixture-server.mjs, stateful). The gateway is `rampart serve` (built dist/, default
// policy, engine on, SQLite store) in its own process; the upstreams in theirs; this process drives load.
//   npm run bench:mcp            (CALLS=4000 CONCURRENCY=16 to change the load)
// Prints a table, then one JSON line with the figures.
import { spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { Agent, request } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

const CALLS = Number(process.env.CALLS ?? 4000);
const CONCURRENCY = Number(process.env.CONCURRENCY ?? 16);
const ROOT = fileURLToPath(new URL('..', import.meta.url));
const children = [];

function start(args, ready, env = {}) {
  const child = spawn(process.execPath, args, { cwd: ROOT, env: { ...process.env, ...env }, stdio: ['ignore', 'pipe', 'pipe'] });
  children.push(child);
  return new Promise((resolve, reject) => {
    let seen = '';
    const on = (b) => {
      seen += b.toString();
      const m = ready.exec(seen);
      if (m) resolve(m[1]);
    };
    child.stdout.on('data', on);
    child.stderr.on('data', on);
    child.once('exit', (code) => reject(new Error(`${args.join(' ')} exited ${code}: ${seen}`)));
  });
}

const agent = new Agent({ keepAlive: true, maxSockets: 64 });
const ACCEPT = 'application/json, text/event-stream';

function post(url, body, headers = {}) {
  return new Promise((resolve, reject) => {
    const data = JSON.stringify(body);
    const req = request(url, { method: 'POST', agent, headers: { 'content-type': 'application/json', accept: ACCEPT, 'content-length': Buffer.byteLength(data), ...headers } }, (res) => {
      const chunks = [];
      res.on('data', (c) => chunks.push(c));
      res.on('end', () => {
        const text = Buffer.concat(chunks).toString('utf8');
        // JSON, or SSE whose last data line holds the response.
        const json = text.startsWith('{') ? text : text.split('\n').filter((l) => l.startsWith('data: ')).at(-1)?.slice(6);
        resolve({ status: res.statusCode, headers: res.headers, message: json ? JSON.parse(json) : undefined });
      });
      res.on('error', reject);
    });
    req.on('error', reject);
    req.end(data);
  });
}

/** Opens an MCP session at `url`; returns the headers later requests carry. */
async function open(url) {
  const r = await post(url, { jsonrpc: '2.0', id: 0, method: 'initialize', params: { protocolVersion: '2025-06-18', capabilities: {}, clientInfo: { name: 'bench', version: '1' } } });
  const sid = r.headers['mcp-session-id'];
  const headers = sid ? { 'mcp-session-id': sid, 'mcp-protocol-version': '2025-06-18' } : {};
  await post(url, { jsonrpc: '2.0', method: 'notifications/initialized' }, headers);
  return headers;
}

let nextId = 1;
async function call(target) {
  const r = await post(target.url, { jsonrpc: '2.0', id: nextId++, method: 'tools/call', params: { name: 'echo', arguments: { text: 'hello from the benchmark, a short line of ordinary text' } } }, target.headers);
  if (r.status !== 200 || r.message?.result === undefined) throw new Error(`bad answer from ${target.url}: ${r.status} ${JSON.stringify(r.message)}`);
}

/** `n` calls, `c` at a time; returns per-call latencies (ms) and the wall time. */
async function run(target, n, c) {
  const lat = new Float64Array(n);
  let i = 0;
  const t0 = performance.now();
  await Promise.all(Array.from({ length: c }, async () => {
    while (i < n) {
      const k = i++;
      const s = performance.now();
      await call(target);
      lat[k] = performance.now() - s;
    }
  }));
  const wall = performance.now() - t0;
  lat.sort();
  const q = (p) => lat[Math.min(n - 1, Math.floor(p * n))];
  return { p50: q(0.5), p99: q(0.99), rps: (n / wall) * 1000 };
}

/** A stdio MCP peer: spawns `args`, speaks newline-delimited JSON-RPC, returns `call()` for one round trip. */
async function stdioPeer(args, cwd) {
  const child = spawn(process.execPath, args, { cwd, stdio: ['pipe', 'pipe', 'ignore'] });
  children.push(child);
  const waiting = new Map();
  let buf = '';
  child.stdout.setEncoding('utf8');
  child.stdout.on('data', (chunk) => {
    buf += chunk;
    for (let nl = buf.indexOf('\n'); nl !== -1; nl = buf.indexOf('\n')) {
      const line = buf.slice(0, nl);
      buf = buf.slice(nl + 1);
      const msg = JSON.parse(line);
      waiting.get(msg.id)?.(msg);
      waiting.delete(msg.id);
    }
  });
  let id = 0;
  const rpc = (method, params) => new Promise((resolve) => {
    const k = ++id;
    waiting.set(k, resolve);
    child.stdin.write(`${JSON.stringify({ jsonrpc: '2.0', id: k, method, params })}\n`);
  });
  await rpc('initialize', { protocolVersion: '2025-06-18', capabilities: {}, clientInfo: { name: 'bench', version: '1' } });
  child.stdin.write(`${JSON.stringify({ jsonrpc: '2.0', method: 'notifications/initialized' })}\n`);
  await rpc('tools/list', {});
  return async () => {
    const r = await rpc('tools/call', { name: 'echo', arguments: { text: 'hello from the benchmark, a short line of ordinary text' } });
    if (r.result === undefined) throw new Error(`stdio call failed: ${JSON.stringify(r)}`);
  };
}

async function timeCalls(call, n) {
  const lat = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    const s = performance.now();
    await call();
    lat[i] = performance.now() - s;
  }
  lat.sort();
  return { p50: lat[Math.floor(n / 2)], p99: lat[Math.floor(n * 0.99)] };
}

/** utime + stime (ms) of one /proc stat line, in clock ticks of 10 ms. */
function statMs(line) {
  const fields = line.slice(line.lastIndexOf(') ') + 2).split(' ');
  return ((Number(fields[11]) + Number(fields[12])) * 1000) / 100;
}

/**
 * CPU time (ms) a child has used so far, from /proc (Linux), in all and on its main thread (the event loop; the
 * rest is the store's writer thread, GC and compiler threads); undefined elsewhere.
 */
function cpuMs(pid) {
  try {
    return { all: statMs(readFileSync(`/proc/${pid}/stat`, 'utf8')), main: statMs(readFileSync(`/proc/${pid}/task/${pid}/stat`, 'utf8')) };
  } catch {
    return undefined;
  }
}

async function main() {
  const leanPort = await start(['bench/mcp-lean-upstream.mjs', '0'], /listening (\d+)/);
  const sdkPort = await start(['test/fixtures/mcp/fixture-server.mjs', '--http', '0'], /listening (\d+)/);
  const dir = mkdtempSync(join(tmpdir(), 'rampart-bench-mcp-'));
  writeFileSync(join(dir, 'rampart.yaml'), [
    `data: ${join(dir, 'data')}`,
    'mcp:',
    '  servers:',
    `    lean: { transport: { type: http, url: "http://127.0.0.1:${leanPort}/mcp" } }`,
    `    sdk: { transport: { type: http, url: "http://127.0.0.1:${sdkPort}/mcp" } }`,
  ].join('\n'));
  const gw = await start([...(process.env.GW_PROF ? ['--cpu-prof', '--cpu-prof-dir', process.env.GW_PROF] : []), 'dist/cli/main.js', 'serve', '--config', join(dir, 'rampart.yaml'), '--port', '0'], /listening on (http:\/\/\S+)/);

  const targets = {};
  for (const [name, url] of [['lean direct', `http://127.0.0.1:${leanPort}/mcp`], ['lean via gateway', `${gw}/mcp/lean`], ['sdk direct', `http://127.0.0.1:${sdkPort}/mcp`], ['sdk via gateway', `${gw}/mcp/sdk`]]) {
    targets[name] = { url, headers: await open(url) };
  }
  // Warm up every path (JIT, connection pools), then alternate direct and gateway runs so drift hits both.
  for (const t of Object.values(targets)) await run(t, 300, 4);
  const figures = {};
  const gwPid = children.at(-1).pid;
  const cpu = {};
  const mainCpu = {};
  for (const c of [1, CONCURRENCY]) {
    for (const name of Object.keys(targets)) {
      const n = c === 1 ? Math.min(CALLS, 2000) : CALLS;
      const before = cpuMs(gwPid);
      figures[`${name} c=${c}`] = await run(targets[name], n, c);
      const after = cpuMs(gwPid);
      // The gateway's own CPU per call: the figure that machine load does not inflate much.
      if (name.includes('via gateway') && before !== undefined && after !== undefined) {
        cpu[`${name} c=${c}`] = +(((after.all - before.all) / n) * 1000).toFixed(0);
        mainCpu[`${name} c=${c}`] = +(((after.main - before.main) / n) * 1000).toFixed(0);
      }
    }
  }
  // The stdio wrapper: the same lean stdio server, directly and through `rampart mcp wrap` (engine + SQLite).
  const wrapDir = mkdtempSync(join(tmpdir(), 'rampart-bench-wrap-'));
  const directStdio = await stdioPeer([join(ROOT, 'bench/mcp-lean-stdio.mjs')], wrapDir);
  const wrapped = await stdioPeer([join(ROOT, 'dist/cli/main.js'), 'mcp', 'wrap', '--data', join(wrapDir, 'data'), '--name', 'lean', '--', process.execPath, join(ROOT, 'bench/mcp-lean-stdio.mjs')], wrapDir);
  await timeCalls(directStdio, 300);
  await timeCalls(wrapped, 300);
  const stdioN = Math.min(CALLS, 2000);
  figures['stdio direct c=1'] = { ...(await timeCalls(directStdio, stdioN)), rps: NaN };
  figures['stdio via wrap c=1'] = { ...(await timeCalls(wrapped, stdioN)), rps: NaN };

  const rows = Object.entries(figures).map(([k, v]) => `${k.padEnd(24)} p50 ${v.p50.toFixed(3).padStart(7)} ms  p99 ${v.p99.toFixed(3).padStart(7)} ms  ${v.rps.toFixed(0).padStart(6)} calls/s`);
  console.log(rows.join('\n'));
  const summary = {};
  for (const up of ['lean', 'sdk']) {
    for (const c of [1, CONCURRENCY]) {
      const d = figures[`${up} direct c=${c}`];
      const g = figures[`${up} via gateway c=${c}`];
      summary[`${up}_c${c}`] = { added_p50_ms: +(g.p50 - d.p50).toFixed(3), added_p99_ms: +(g.p99 - d.p99).toFixed(3), direct_rps: Math.round(d.rps), gateway_rps: Math.round(g.rps), ratio: +(g.rps / d.rps).toFixed(3) };
    }
  }
  const sd = figures['stdio direct c=1'];
  const sw = figures['stdio via wrap c=1'];
  summary.stdio_wrap_c1 = { added_p50_ms: +(sw.p50 - sd.p50).toFixed(3), added_p99_ms: +(sw.p99 - sd.p99).toFixed(3) };
  console.log('\nadded latency (gateway - direct) and throughput ratio:');
  for (const [k, v] of Object.entries(summary)) {
    const tput = v.ratio === undefined ? '' : `, ${v.gateway_rps}/${v.direct_rps} calls/s = ${(v.ratio * 100).toFixed(0)}%`;
    console.log(`${k.padEnd(14)} added p50 ${v.added_p50_ms} ms, added p99 ${v.added_p99_ms} ms${tput}`);
  }
  console.log('\ngateway CPU per call (µs, user+system, from /proc; main thread = the event loop):');
  for (const [k, v] of Object.entries(cpu)) console.log(`${k.padEnd(24)} ${v} µs  (≈ ${Math.round(1e6 / v)} calls/s per core), main thread ${mainCpu[k]} µs`);
  summary.gateway_cpu_us_per_call = cpu;
  summary.gateway_main_thread_cpu_us_per_call = mainCpu;
  console.log(JSON.stringify({ bench: 'mcp', calls: CALLS, concurrency: CONCURRENCY, node: process.version, summary }));
}

main()
  .catch((e) => {
    console.error(e);
    process.exitCode = 1;
  })
  .finally(() => {
    agent.destroy();
    for (const c of children) c.kill('SIGINT');
  });
