import { basename } from 'node:path';
import type { Readable, Writable } from 'node:stream';
import { loadConfig } from '../../config/load.js';
import type { Config } from '../../config/schema.js';
import { serveLocalSession } from '../../mcp/local-session.js';
import { LocalStdioTransport } from '../../mcp/local-stdio-transport.js';
import { createRuntime } from '../../server/runtime.js';
import type { CliIO } from '../io.js';
import { parseCommandArgs } from './args.js';
import { mcpConfigPath, rewriteMcpConfig, WRAP_AGENTS } from './mcp-install.js';
import { dataDir } from './data-dir.js';

const USAGE =
  'usage: rampart mcp wrap [--name NAME] [--config FILE] [--data DIR] -- <command> [args...]\n' +
  '       rampart mcp wrap --install|--uninstall --agent claude-code|cursor [--scope project|user]\n';

/** Streams the wrapper speaks MCP on: the process's own unless a test injects others. */
export interface WrapStreams {
  readonly stdin: Readable;
  readonly stdout: Writable;
  /** Resolves when the wrapper should stop (stdin closed, a signal). */
  readonly done: Promise<void>;
}

/** Launchers whose first non-flag argument names the server (`npx -y @scope/server-x`, `node server.js`). */
const LAUNCHERS = new Set(['npx', 'node', 'uvx', 'bunx', 'pnpx', 'deno', 'python', 'python3', 'uv', 'docker']);

/** A server name from a command: `npx -y @scope/server-github` → `server-github`, `/opt/mcp-foo --x` → `mcp-foo`. */
export function nameFor(command: string, args: readonly string[]): string {
  const launcher = LAUNCHERS.has(basename(command).replace(/\.exe$/, ''));
  const pick = launcher ? (args.find((a) => !a.startsWith('-') && a !== 'run') ?? command) : command;
  const base = basename(pick).replace(/\.(?:m?js|cjs|py|exe)$/, '').replace(/[^A-Za-z0-9_-]/g, '-');
  return /^[A-Za-z0-9]/.test(base) ? base.slice(0, 32) : `local-${base}`.slice(0, 32);
}

/**
 * `rampart mcp wrap -- <command> [args…]`: a stdio MCP server that an agent runs in place of the real one.
 * It spawns the command as its one upstream and serves it unprefixed, with the same registry (approval,
 * pins, poisoning scan), policy, access rules and audit (engine embedded, local SQLite) as the gateway.
 */
export async function mcp(args: string[], io: CliIO, streams?: WrapStreams): Promise<number> {
  const dash = args.indexOf('--');
  const own = dash === -1 ? args : args.slice(0, dash);
  const target = dash === -1 ? [] : args.slice(dash + 1);
  const p = parseCommandArgs(own, {
    name: { type: 'string' },
    config: { type: 'string' },
    data: { type: 'string' },
    help: { type: 'boolean' },
    install: { type: 'boolean' },
    uninstall: { type: 'boolean' },
    agent: { type: 'string' },
    scope: { type: 'string' },
  });
  if (!p.ok) {
    io.err(`rampart mcp: ${p.message}\n${USAGE}`);
    return 2;
  }
  if (p.values.help === true) {
    io.out(USAGE);
    return 0;
  }
  if (p.positionals[0] === 'wrap' && (p.values.install === true || p.values.uninstall === true)) {
    return install(p.values, io);
  }
  if (p.positionals[0] !== 'wrap' || target.length === 0) {
    io.err(USAGE);
    return 2;
  }
  const [command = '', ...rest] = target;
  const cfg = await loadConfig(p.values.config, { data: p.values.config === undefined ? dataDir(p.values.data) : p.values.data });
  if (!cfg.ok) {
    io.err(`rampart mcp wrap: invalid configuration\n${cfg.error}\n`);
    return 2;
  }
  const name = p.values.name ?? nameFor(command, rest);
  const base = cfg.value;
  const configured = base.mcp.servers[name];
  const config: Config = {
    ...base,
    mcp: {
      ...base.mcp,
      // The wrapped command is the only upstream; a configured entry of the same name keeps its approvals.
      servers: {
        [name]: {
          approved: configured?.approved ?? true,
          approveNewTools: configured?.approveNewTools ?? true,
          tools: configured?.tools ?? {},
          transport: { type: 'stdio', command, args: rest, env: {}, cwd: process.cwd() },
        },
      },
    },
  };
  const rt = await createRuntime(config);
  if (!rt.ok) {
    io.err(`rampart mcp wrap: invalid policy\n${rt.error.join('\n')}\n`);
    return 2;
  }
  const { stdin, stdout, done } = streams ?? processStreams();
  const session = await serveLocalSession({
    transport: new LocalStdioTransport(stdin, stdout),
    view: name,
    principal: { user: process.env['USER'] ?? 'local', groups: [], via: 'local' },
    registry: rt.value.registry,
    deps: rt.value.mcp.deps,
  });
  await done;
  await session.close();
  await rt.value.close();
  return 0;
}

function install(v: { install?: boolean | undefined; agent?: string | undefined; scope?: string | undefined }, io: CliIO): number {
  const agent = WRAP_AGENTS.find((a) => a === v.agent);
  const scope = v.scope ?? 'project';
  if (agent === undefined || (scope !== 'project' && scope !== 'user')) {
    io.err(`rampart mcp wrap: --agent must be one of ${WRAP_AGENTS.join(', ')} and --scope project or user\n${USAGE}`);
    return 2;
  }
  const r = rewriteMcpConfig({ path: mcpConfigPath(agent, scope, process.cwd()), mode: v.install === true ? 'install' : 'uninstall' });
  if (!r.ok) {
    io.err(`rampart mcp wrap: ${r.error}\n`);
    return 1;
  }
  const verb = v.install === true ? 'wrapped' : 'unwrapped';
  io.out(`${r.value.path}: ${verb} ${r.value.changed.length === 0 ? 'nothing' : r.value.changed.join(', ')}\n`);
  if (r.value.backup !== undefined) io.out(`  backup: ${r.value.backup}\n`);
  for (const s of r.value.skipped) io.out(`  skipped ${s.name}: ${s.why}\n`);
  return 0;
}

function processStreams(): WrapStreams {
  const done = new Promise<void>((resolve) => {
    process.stdin.once('end', resolve);
    process.stdin.once('close', resolve);
    process.once('SIGINT', resolve);
    process.once('SIGTERM', resolve);
  });
  return { stdin: process.stdin, stdout: process.stdout, done };
}
