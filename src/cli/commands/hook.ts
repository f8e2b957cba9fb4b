import { hostname, userInfo } from 'node:os';
import { isAgentName, AGENTS, type AgentName } from '../../hooks/agents.js';
import { FAIL_HEADER, parseFailMode, type FailMode } from '../../hooks/fail-mode.js';
import { EXIT_HEADER, STDERR_HEADER, type HookReply } from '../../hooks/hook-reply.js';
import type { CliIO } from '../io.js';
import { postOverTcp, type MiniResponse } from './post-hook.js';

/**
 * `rampart hook <agent> [--server URL] [--fail closed|open]`: the command an agent's hook configuration runs.
 * Reads the payload on stdin, asks the server (`POST /v1/hooks/<agent>`, see `post-hook.ts`), prints the agent's reply and exits
 * with its code. Without a server (no `--server`, no `RAMPART_SERVER`) it evaluates locally with the embedded
 * engine and SQLite store (`RAMPART_DATA`, default `~/.rampart`).
 *
 * This is the hot path of every tool call: it imports only Node built-ins and the import-free hook modules.
 * The server's engine, Fastify, zod and SQLite are never loaded here; local mode loads them on demand.
 */

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
    user = userInfo().username;
  } catch {
    // no passwd entry (some containers): keep $USER
  }
  return { user, host: hostname() };
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

/** An HTTPS POST through `node:https`, loaded only for an https server. */
async function postOverTls(opts: { url: URL; headers: Readonly<Record<string, string>>; body: string; timeoutMs: number }): Promise<MiniResponse> {
  const { request } = await import('node:https');
  return await new Promise((resolve, reject) => {
    const req = request(opts.url, { method: 'POST', headers: { ...opts.headers, 'content-length': String(Buffer.byteLength(opts.body)) }, timeout: opts.timeoutMs }, (res) => {
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

/** `rampart hook <agent>`; see the module comment. */
export async function hook(args: string[], io: CliIO): Promise<number> {
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
    const { evaluateLocally } = await import('./hook-local.js');
    return emit(io, await evaluateLocally({ agent, raw, fail: o.fail, ...who() }));
  }
  const r = await ask({ server: o.server, agent, raw, fail: o.fail });
  if (!('problem' in r)) return emit(io, r);
  // Loaded only when the server gave no answer: the common path stays a module lighter.
  const { failReply, sniffEventName } = await import('../../hooks/fail-reply.js');
  return emit(io, failReply({ agent, event: sniffEventName(raw), mode: o.fail, reason: r.problem }));
}
