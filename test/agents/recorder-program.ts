import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

/**
 * The test double of `rampart hook <agent>` (same argv contract: `hook <agent> [--server URL] [--fail M]`):
 * forwards stdin to `<server>/v1/hooks/<agent>` and replays the answer (body on stdout, exit code and stderr
 * from the recorder's headers). Unreachable server: exit 2 when failing closed, 0 when open, like the shim.
 * Named main.mjs so the installer recognizes the command as its own.
 */
const SOURCE = `#!/usr/bin/env node
const args = process.argv.slice(2);
const agent = args[args.indexOf('hook') + 1];
const flag = (n) => { const i = args.indexOf(n); return i < 0 ? undefined : args[i + 1]; };
const server = flag('--server');
const fail = flag('--fail') ?? 'closed';
let input = '';
process.stdin.setEncoding('utf8');
for await (const c of process.stdin) input += c;
function unreachable(why) {
  if (fail === 'closed') {
    process.stderr.write('Rampart cannot be reached (' + why + '); blocked because hooks fail closed\\n');
    process.exit(2);
  }
  process.exit(0);
}
if (server === undefined) unreachable('no --server');
let res;
try {
  res = await fetch(server + '/v1/hooks/' + agent, {
    method: 'POST', body: input, signal: AbortSignal.timeout(10000),
    headers: { 'content-type': 'application/json', 'x-hook-via': 'command', 'x-hook-fail': fail },
  });
} catch (e) {
  unreachable(String(e));
}
if (!res.ok) unreachable('HTTP ' + res.status);
const text = await res.text();
const stderr = res.headers.get('x-recorder-stderr');
if (stderr) process.stderr.write(decodeURIComponent(stderr) + '\\n');
if (text && text !== '{}') process.stdout.write(text);
process.exitCode = Number(res.headers.get('x-recorder-exit') ?? '0');
`;

/** Writes the recorder program into `dir` and returns its path (`<dir>/recorder/main.mjs`). */
export function writeRecorderProgram(dir: string): string {
  const folder = join(dir, 'recorder');
  mkdirSync(folder, { recursive: true });
  const path = join(folder, 'main.mjs');
  writeFileSync(path, SOURCE, { mode: 0o755 });
  return path;
}
