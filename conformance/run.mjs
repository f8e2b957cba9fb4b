// `npm run conformance`: the server suite of @modelcontextprotocol/conformance against our SDK fixture server,
// twice: directly, and through a real `rampart serve` that holds the fixture as an approved upstream and serves
// it unprefixed at /mcp/fixture. Prints one row per scenario and exits 1 when a scenario passes directly but
// not through the gateway, unless conformance/baseline.json lists it with a reason (or lists it and it passes:
// a stale entry fails the run too, so the baseline only shrinks).
// A scenario passes when none of its checks is FAILURE or WARNING (the suite's own baseline rule).
// Usage: npm run conformance [-- --scenario NAME] [-- --keep]   (--keep leaves the result folders in place)
import { spawn } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('..', import.meta.url));
const CLI = join(root, 'node_modules/@modelcontextprotocol/conformance/dist/index.js');
const args = process.argv.slice(2);
const only = args.includes('--scenario') ? args[args.indexOf('--scenario') + 1] : undefined;
const keep = args.includes('--keep');
const work = mkdtempSync(join(tmpdir(), 'rampart-conformance-'));
/** Children to stop on the way out, whatever happens. */
const children = [];

/** Spawns a node script and resolves with the URL it prints (`listening on http://…`). */
function start(script, scriptArgs) {
  const child = spawn(process.execPath, [script, ...scriptArgs], { cwd: root, stdio: ['ignore', 'pipe', 'pipe'] });
  children.push(child);
  return new Promise((resolve, reject) => {
    let seen = '';
    const timer = setTimeout(() => reject(new Error(`${script} did not start: ${seen}`)), 20_000);
    const on = (b) => {
      seen += b.toString('utf8');
      const m = /listening on (http:\/\/\S+)/.exec(seen);
      if (m) {
        clearTimeout(timer);
        resolve(m[1]);
      }
    };
    child.stdout.on('data', on);
    child.stderr.on('data', on);
    child.once('exit', (code) => reject(new Error(`${script} exited with ${code}: ${seen}`)));
  });
}

/** Runs the suite (every server scenario, pending ones too) and returns scenario → { pass, failed checks }. */
function suite(url, label) {
  const out = join(work, label);
  const cliArgs = [CLI, 'server', '--url', url, '--suite', 'all', '--output-dir', out, ...(only ? ['--scenario', only] : [])];
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, cliArgs, { cwd: work, stdio: ['ignore', 'pipe', 'pipe'] });
    let log = '';
    child.stdout.on('data', (b) => (log += b));
    child.stderr.on('data', (b) => (log += b));
    child.once('error', reject);
    child.once('exit', () => {
      writeFileSync(join(work, `${label}.log`), log);
      const results = new Map();
      // One folder per scenario: server-<scenario>-<timestamp>/checks.json.
      for (const dir of readdirSync(out)) {
        const scenario = dir.replace(/^server-/, '').replace(/-\d{4}-\d{2}-\d{2}T.*$/, '');
        const checks = JSON.parse(readFileSync(join(out, dir, 'checks.json'), 'utf8'));
        const bad = checks.filter((c) => c.status === 'FAILURE' || c.status === 'WARNING');
        results.set(scenario, { pass: bad.length === 0, bad: bad.map((c) => `${c.id}: ${c.errorMessage ?? c.status}`) });
      }
      resolve(results);
    });
  });
}

async function main() {
  const baseline = JSON.parse(readFileSync(join(root, 'conformance/baseline.json'), 'utf8')).gateway ?? {};
  const fixtureUrl = await start(join(root, 'conformance/fixture-server.mjs'), ['--port', '0']);
  const config = join(work, 'rampart.json');
  writeFileSync(config, JSON.stringify({
    data: join(work, 'data'),
    server: { host: '127.0.0.1', port: 0 },
    mcp: { servers: { fixture: { transport: { type: 'http', url: fixtureUrl } } } },
  }));
  const gatewayBase = await start(join(root, 'dist/cli/main.js'), ['serve', '--config', config, '--port', '0']);
  const gatewayUrl = `${gatewayBase.replace(/\/$/, '')}/mcp/fixture`;
  console.log(`fixture  ${fixtureUrl}\ngateway  ${gatewayUrl}\n`);

  const direct = await suite(fixtureUrl, 'direct');
  const gateway = await suite(gatewayUrl, 'gateway');
  const names = [...new Set([...direct.keys(), ...gateway.keys()])].sort();
  const width = Math.max(...names.map((n) => n.length), 8);
  const mark = (r) => (r === undefined ? '-' : r.pass ? 'pass' : 'FAIL');
  console.log(`${'scenario'.padEnd(width)}  direct  gateway  note`);
  const regressions = [];
  const stale = [];
  for (const n of names) {
    const d = direct.get(n);
    const g = gateway.get(n);
    const lost = d?.pass === true && g?.pass !== true;
    let note = '';
    if (lost && baseline[n] !== undefined) note = `baseline: ${baseline[n]}`;
    else if (lost) {
      note = `REGRESSION ${g?.bad.join('; ') ?? 'not run'}`;
      regressions.push(n);
    } else if (!lost && baseline[n] !== undefined && g?.pass === true) {
      note = 'STALE baseline entry: it passes now';
      stale.push(n);
    } else if (d?.pass === false) note = `fails directly: ${d.bad.join('; ')}`;
    console.log(`${n.padEnd(width)}  ${mark(d).padEnd(6)}  ${mark(g).padEnd(7)}  ${note}`);
  }
  const count = (m) => [...m.values()].filter((r) => r.pass).length;
  console.log(`\n${count(direct)} of ${direct.size} scenarios pass directly, ${count(gateway)} of ${gateway.size} through the gateway.`);
  if (keep) console.log(`results kept in ${work}`);
  if (regressions.length > 0) console.log(`pass directly but not through the gateway: ${regressions.join(', ')}`);
  if (stale.length > 0) console.log(`remove from conformance/baseline.json: ${stale.join(', ')}`);
  return regressions.length === 0 && stale.length === 0 ? 0 : 1;
}

let code = 1;
try {
  code = await main();
} catch (e) {
  console.error(e instanceof Error ? e.message : e);
} finally {
  for (const c of children) c.kill('SIGTERM');
  if (!keep) rmSync(work, { recursive: true, force: true });
}
process.exit(code);
