// `rampart hook <agent> [--server URL] [--fail closed|open]`: the command an agent's hook configuration runs, on
// every tool call. Reads the payload on stdin, asks the server (`POST /v1/hooks/<agent>`), prints the agent's
// reply and exits with its code. Without a server (no `--server`, no `RAMPART_SERVER`) it evaluates locally with
// the embedded engine and SQLite store (`RAMPART_DATA`, default `~/.rampart`).
//
// CommonJS on purpose, and the one file the installed hook command runs (`dist/cli/hook-shim.cjs`): Node's
// ES-module loader costs over 10 ms of start-up on every tool call, CommonJS a few. So this file has no
// `import`/`export` statements (the project's TypeScript settings allow none in CommonJS) and needs only Node
// built-ins; the wire constants below repeat the hook modules' own, and `test/hook-shim.test.ts` checks that
// they agree. Local mode and the fail replies load the ES modules on demand.

import type { AgentName } from '../hooks/agents.js' with { 'resolution-mode': 'import' };
import type { FailMode } from '../hooks/fail-mode.js' with { 'resolution-mode': 'import' };
import type { HookReply } from '../hooks/hook-reply.js' with { 'resolution-mode': 'import' };
import type { CliIO } from './io.js' with { 'resolution-mode': 'import' };

const net = require('node:net') as typeof import('node:net');
const os = require('node:os') as typeof import('node:os');

/** The same values as `AGENTS`, `FAIL_HEADER`, `EXIT_HEADER` and `STDERR_HEADER` in `src/hooks/`. */
const AGENTS: readonly AgentName[] = ['claude-code', 'cursor', 'codex', 'gemini-cli', 'copilot'];
const FAIL_HEADER = 'x-rampart-fail';
const EXIT_HEADER = 'x-rampart-exit';
const STDERR_HEADER = 'x-rampart-stderr';

const USAGE = `usage: rampart hook <agent> [--server URL] [--fail closed|open]
  agent: ${AGENTS.join(', ')}
  --server URL   the Rampart server (default: $RAMPART_SERVER; none: evaluate locally in ~/.rampart or $RAMPART_DATA)
  --fail MODE    what to do when Rampart cannot decide: closed (block, the default) or open (default: $RAMPART_FAIL)
  The API key for a server that requires one is read from $RAMPART_API_KEY (never from the command line).
`;
/** How long the shim waits for the server; agents' own hook timeouts are longer (Claude Code: 60 s). */
const TIMEOUT_MS = Number(process.env['RAMPART_HOOK_TIMEOUT_MS'] ?? 10_000);
/** Largest stdin read (a 50 MB tool output, JSON-escaped); more is cut, and the server records it as malformed. */
const MAX_STDIN = 128 * 1024 * 1024;
/** Largest response read; a hook reply is a few hundred bytes, so anything near this is not our server. */
const MAX_RESPONSE = 16 * 1024 * 1024;

function parseFailMode(v: string | undefined): FailMode | undefined {
  const s = v?.trim().toLowerCase();
  return s === 'closed' || s === 'open' ? s : undefined;
}

function isAgentName(s: string): s is AgentName {
  return (AGENTS as readonly string[]).includes(s);
}

interface Options {
  readonly agent: string;
  readonly server: string | undefined;
  readonly fail: FailMode;
  readonly help: boolean;
}

function parse(args: readonly string[], env: NodeJS.ProcessEnv): Options | string {
  let agent: string | undefined;
  let server = env['RAMPART_SERVER'] === '' ? undefined : env['RAMPART_SERVER'];
  let failRaw = env['RAMPART_FAIL'];
  let help = false;
  for (let i = 0; i < args.length; i++) {
    const a = args[i] ?? '';
    const eq = a.indexOf('=');
    const [flag, inline] = a.startsWith('--') && eq > 0 ? [a.slice(0, eq), a.slice(eq + 1)] : [a, undefined];
    if (flag === '--help' || flag === '-h') help = true;
    else if (flag === '--server') server = inline ?? args[++i];
    else if (flag === '--fail') failRaw = inline ?? args[++i];
    else if (a.startsWith('-')) return `unknown option ${a}`;
    else if (agent === undefined) agent = a;
    else return `unexpected argument ${a}`;
  }
  const fail = failRaw === undefined ? 'closed' : parseFailMode(failRaw);
  if (fail === undefined) return `--fail must be closed or open, got ${JSON.stringify(failRaw)}`;
  return { agent: agent ?? '', server, fail, help };
}

function readStdin(): Promise<string> {
  return new Promise((resolve) => {
    const chunks: Buffer[] = [];
    let size = 0;
    process.stdin.on('data', (chunk: Buffer) => {
      if (size >= MAX_STDIN) return; // drain, so the agent never blocks writing to us
      chunks.push(chunk);
      size += chunk.length;
    });
    process.stdin.on('end', () => resolve(Buffer.concat(chunks).toString('utf8')));
    process.stdin.on('error', () => resolve(Buffer.concat(chunks).toString('utf8')));
  });
}

function who(): { user: string; host: string } {
  let user = process.env['USER'] ?? 'unknown';
  try {
    user = os.userInfo().username;
  } catch {
    // no passwd entry (some containers): keep $USER
  }
  return { user, host: os.hostname() };
}

/** What came back from the server: status, lower-cased headers, body. */
interface MiniResponse {
  readonly status: number;
  readonly headers: ReadonlyMap<string, string>;
  readonly body: string;
}

function dechunk(buf: Buffer): Buffer | undefined {
  const parts: Buffer[] = [];
  let i = 0;
  for (;;) {
    const eol = buf.indexOf('\r\n', i);
    if (eol < 0) return undefined;
    const size = Number.parseInt(buf.subarray(i, eol).toString('latin1'), 16);
    if (!Number.isFinite(size)) return undefined;
    if (size === 0) return Buffer.concat(parts);
    parts.push(buf.subarray(eol + 2, eol + 2 + size));
    i = eol + 2 + size + 2;
  }
}

/**
 * One HTTP/1.1 POST over a plain TCP socket (`Connection: close`): `node:net` is loaded anyway to read a piped
 * stdin, while `node:http` adds about 8 ms of module loading to every tool call. Handles a `Content-Length` or
 * chunked body, or one that ends with the connection. Rejects on a socket error, a timeout, or a response
 * that is not HTTP.
 */
function postOverTcp(opts: { url: URL; headers: Readonly<Record<string, string>>; body: string; timeoutMs: number }): Promise<MiniResponse> {
  const { url } = opts;
  const port = url.port === '' ? 80 : Number(url.port);
  const host = url.hostname.startsWith('[') ? url.hostname.slice(1, -1) : url.hostname;
  return new Promise((resolve, reject) => {
    const socket = net.connect({ host, port });
    const chunks: Buffer[] = [];
    let size = 0;
    let done = false;
    const finish = (e: Error | undefined, r?: MiniResponse): void => {
      if (done) return;
      done = true;
      socket.destroy();
      if (e !== undefined || r === undefined) reject(e ?? new Error('no response'));
      else resolve(r);
    };
    socket.setTimeout(opts.timeoutMs, () => finish(new Error('timeout')));
    socket.on('error', (e) => finish(e));
    socket.on('connect', () => {
      const body = Buffer.from(opts.body, 'utf8');
      let head = `POST ${url.pathname}${url.search} HTTP/1.1\r\nHost: ${url.host}\r\nConnection: close\r\nContent-Length: ${body.length}\r\n`;
      for (const [k, v] of Object.entries(opts.headers)) head += `${k}: ${v}\r\n`;
      socket.write(`${head}\r\n`);
      socket.end(body);
    });
    socket.on('data', (c: Buffer) => {
      size += c.length;
      if (size > MAX_RESPONSE) finish(new Error('response too large'));
      else chunks.push(c);
    });
    socket.on('end', () => {
      const raw = Buffer.concat(chunks);
      const split = raw.indexOf('\r\n\r\n');
      const statusLine = /^HTTP\/1\.[01] (\d{3})/.exec(raw.subarray(0, Math.min(raw.length, 64)).toString('latin1'));
      if (split < 0 || statusLine === null) {
        finish(new Error('not an HTTP response'));
        return;
      }
      const headers = new Map<string, string>();
      for (const line of raw.subarray(0, split).toString('latin1').split('\r\n').slice(1)) {
        const colon = line.indexOf(':');
        if (colon > 0) headers.set(line.slice(0, colon).trim().toLowerCase(), line.slice(colon + 1).trim());
      }
      let body: Buffer | undefined = raw.subarray(split + 4);
      if (headers.get('transfer-encoding')?.toLowerCase() === 'chunked') body = dechunk(body);
      else if (headers.has('content-length')) body = body.subarray(0, Number(headers.get('content-length')));
      if (body === undefined) finish(new Error('truncated response'));
      else finish(undefined, { status: Number(statusLine[1]), headers, body: body.toString('utf8') });
    });
  });
}

/** An HTTPS POST through `node:https`, loaded only for an https server. */
function postOverTls(opts: { url: URL; headers: Readonly<Record<string, string>>; body: string; timeoutMs: number }): Promise<MiniResponse> {
  const https = require('node:https') as typeof import('node:https');
  return new Promise((resolve, reject) => {
    const req = https.request(opts.url, { method: 'POST', headers: { ...opts.headers, 'content-length': String(Buffer.byteLength(opts.body)) }, timeout: opts.timeoutMs }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('error', reject);
      res.on('end', () => {
        const headers = new Map<string, string>();
        for (const [k, v] of Object.entries(res.headers)) if (typeof v === 'string') headers.set(k, v);
        resolve({ status: res.statusCode ?? 0, headers, body: Buffer.concat(chunks).toString('utf8') });
      });
    });
    req.on('timeout', () => req.destroy(new Error('timeout')));
    req.on('error', reject);
    req.end(opts.body);
  });
}

/** The reply from the server's response, or why there is none. */
function toReply(r: MiniResponse): HookReply | { problem: string } {
  if (r.status !== 200) return { problem: `the Rampart server answered HTTP ${String(r.status)}` };
  let stderr = '';
  try {
    stderr = decodeURIComponent(r.headers.get(STDERR_HEADER) ?? '');
  } catch {
    stderr = '';
  }
  return { stdout: r.body, exitCode: r.headers.get(EXIT_HEADER) === '2' ? 2 : 0, stderr };
}

/** POSTs the payload; resolves with the reply, or with why the server gave none. */
async function ask(opts: { server: string; agent: AgentName; raw: string; fail: FailMode }): Promise<HookReply | { problem: string }> {
  let url: URL;
  try {
    url = new URL(`/v1/hooks/${opts.agent}`, opts.server);
  } catch {
    return { problem: 'the policy server address is not a valid URL' };
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') return { problem: 'the policy server address must be http or https' };
  const { user, host } = who();
  const key = process.env['RAMPART_API_KEY'];
  const headers: Record<string, string> = {
    'content-type': 'application/json',
    [FAIL_HEADER]: opts.fail,
    'x-rampart-user': encodeURIComponent(user),
    'x-rampart-host': encodeURIComponent(host),
  };
  // A server that requires identity (not bound to loopback) wants a key; `rampart keys create --scope hooks`.
  if (key !== undefined && key !== '') headers['x-api-key'] = key;
  try {
    const post = url.protocol === 'https:' ? postOverTls : postOverTcp;
    return toReply(await post({ url, headers, body: opts.raw, timeoutMs: TIMEOUT_MS }));
  } catch (e) {
    const message = e instanceof Error ? e.message : '';
    return { problem: message === 'timeout' ? 'the policy server did not answer in time' : 'the policy server could not be reached' };
  }
}

function emit(io: CliIO, r: HookReply): number {
  if (r.stdout !== '') io.out(r.stdout.endsWith('\n') ? r.stdout : `${r.stdout}\n`);
  if (r.stderr !== '') io.err(r.stderr.endsWith('\n') ? r.stderr : `${r.stderr}\n`);
  return r.exitCode;
}

/** `rampart hook <agent>`; see the file comment. */
async function run(args: string[], io: CliIO): Promise<number> {
  const o = parse(args, process.env);
  if (typeof o === 'string' || o.help) {
    if (typeof o !== 'string') io.out(USAGE);
    else io.err(`rampart hook: ${o}\n${USAGE}`);
    return typeof o === 'string' ? 2 : 0;
  }
  const raw = await readStdin();
  if (!isAgentName(o.agent)) {
    io.err(`rampart hook: unknown agent ${JSON.stringify(o.agent)}; expected one of ${AGENTS.join(', ')}\n`);
    return o.fail === 'open' ? 0 : 2;
  }
  const agent = o.agent;
  if (o.server === undefined) {
    const { evaluateLocally } = await import('./commands/hook-local.js');
    return emit(io, await evaluateLocally({ agent, raw, fail: o.fail, ...who() }));
  }
  const r = await ask({ server: o.server, agent, raw, fail: o.fail });
  if (!('problem' in r)) return emit(io, r);
  // Loaded only when the server gave no answer: the common path stays CommonJS.
  const { failReply, sniffEventName } = await import('../hooks/fail-reply.js');
  return emit(io, failReply({ agent, event: sniffEventName(raw), mode: o.fail, reason: r.problem }));
}

/** What `commands/hook.ts` and the tests reach through `require`. */
module.exports = { run, postOverTcp, wire: { AGENTS, FAIL_HEADER, EXIT_HEADER, STDERR_HEADER } };

// Run as the installed hook command: `node dist/cli/hook-shim.cjs hook <agent> …` (the leading `hook` keeps the
// command line shaped like `rampart hook <agent>`).
if (require.main === module) {
  const argv = process.argv.slice(2);
  const args = argv[0] === 'hook' ? argv.slice(1) : argv;
  const io: CliIO = { out: (s) => void process.stdout.write(s), err: (s) => void process.stderr.write(s), tty: false };
  void run(args, io).then(
    (code) => {
      process.exitCode = code;
    },
    (e: unknown) => {
      // An unexpected failure follows the fail mode like any other: say what happened.
      process.stderr.write(`rampart hook: ${e instanceof Error ? e.message : String(e)}\n`);
      const o = parse(args, process.env);
      process.exitCode = typeof o !== 'string' && o.fail === 'open' ? 0 : 2;
    },
  );
}
