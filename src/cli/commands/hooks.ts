import { homedir } from 'node:os';
import { resolve } from 'node:path';
import {
  AGENT_SPECS,
  defaultProgram,
  hooksStatus,
  AGENTS,
  installHooks,
  isAgentName,
  normalizeServer,
  uninstallHooks,
  type AgentStatus,
  type FailMode,
  type InstallEnv,
  type InstallOutcome,
  type Scope,
} from '../../hooks/install/index.js';
import type { CliIO } from '../io.js';
import { parseCommandArgs } from './args.js';

const USAGE = `usage:
  rampart hooks install --agent NAME [--scope user|project|managed] [--server URL] [--fail closed|open] [--http]
  rampart hooks uninstall --agent NAME [--scope user|project|managed]
  rampart hooks status [--json]

agents: ${AGENTS.join(', ')}
--scope      whose settings: user (default), project (--project DIR, default the current folder) or managed (machine-wide)
--server     the Rampart server the hooks ask; without it \`rampart hook\` evaluates locally
--fail       when Rampart cannot decide: closed blocks the action (default), open lets it run
--http       Claude Code only: the agent POSTs to --server itself (HTTP hooks always fail open)
--program    the script hooks run instead of this package's dist/cli/hook-shim.cjs (tests, packagers)
environment: HOME for user scope, RAMPART_MANAGED_ROOT (default /) as the prefix of machine-wide paths
`;

const OPTIONS = {
  agent: { type: 'string' },
  scope: { type: 'string' },
  server: { type: 'string' },
  fail: { type: 'string' },
  http: { type: 'boolean' },
  project: { type: 'string' },
  program: { type: 'string' },
  json: { type: 'boolean' },
  help: { type: 'boolean', short: 'h' },
} as const;

/** The real machine: this process's HOME, working folder, PATH and clock. */
export function processInstallEnv(project: string | undefined): InstallEnv {
  return {
    home: process.env['HOME'] ?? homedir(),
    project: resolve(project ?? '.'),
    managedRoot: process.env['RAMPART_MANAGED_ROOT'] ?? (process.platform === 'win32' ? 'C:\\' : '/'),
    platform: process.platform,
    env: process.env,
    now: () => new Date(),
  };
}

function parseScope(s: string | undefined): Scope | undefined {
  return s === undefined ? 'user' : s === 'user' || s === 'project' || s === 'managed' ? s : undefined;
}

function reportChange(o: InstallOutcome, verb: 'install' | 'uninstall', io: CliIO): void {
  const label = `${AGENT_SPECS[o.agent].label} (${o.scope} scope)`;
  if (!o.changed) {
    io.out(verb === 'install' ? `Rampart hooks for ${label} are already installed in ${o.path}; nothing changed\n` : `no Rampart hooks for ${label} in ${o.path}; nothing changed\n`);
  } else if (verb === 'install') {
    io.out(`installed Rampart hooks for ${label} in ${o.path}\n  events: ${o.events.join(', ')}\n`);
  } else {
    io.out(`${o.deleted ? 'removed' : 'removed Rampart hooks from'} ${o.path} (${label}); the rest of the file is unchanged\n`);
  }
  if (o.backup !== undefined) io.out(`  backup of the previous file: ${o.backup}\n`);
  for (const n of o.notes) io.err(`warning: ${n}\n`);
}

function renderStatus(all: readonly AgentStatus[]): string {
  const lines: string[] = [];
  const absent: string[] = [];
  for (const a of all) {
    if (!a.presence.found && a.scopes.length === 0) {
      absent.push(a.agent);
      continue;
    }
    const found = a.presence.found ? (a.presence.how === 'path' ? `found ${a.presence.where}` : `config ${a.presence.where}`) : 'not found on this machine';
    lines.push(`${a.agent} (${a.label}, ${found}): ${a.covered ? 'covered' : 'NOT covered'}`);
    for (const s of a.scopes) {
      if (s.error !== undefined) {
        lines.push(`  ${s.scope.padEnd(8)} ${s.path}: ${s.error}`);
        continue;
      }
      const via = s.transports.join('+');
      const server = s.servers.length > 0 ? `, server ${s.servers.join(', ')}` : ', local evaluation';
      lines.push(`  ${s.scope.padEnd(8)} ${s.path}: ${s.events.length} events, ${via}, fails ${s.fails}${server}`);
      if (s.missingBlocking.length > 0) lines.push(`           missing blocking events: ${s.missingBlocking.join(', ')}`);
    }
    for (const n of a.notes) lines.push(`  note: ${n}`);
  }
  if (absent.length > 0) lines.push(`not found on this machine: ${absent.join(', ')}`);
  return `${lines.join('\n')}\n`;
}

/** `rampart hooks …` against an injected machine (tests pass temp folders; see {@link hooks}). */
export async function runHooks(args: string[], io: CliIO, makeEnv: (project: string | undefined) => InstallEnv): Promise<number> {
  const [verb, ...rest] = args;
  const p = parseCommandArgs(rest, OPTIONS);
  if (verb === '--help' || verb === '-h' || (p.ok && p.values.help === true)) {
    io.out(USAGE);
    return 0;
  }
  if (!p.ok || p.positionals.length > 0) {
    io.err(`${p.ok ? `rampart hooks: unexpected ${p.positionals.join(' ')}` : `rampart hooks: ${p.message}`}\n${USAGE}`);
    return 2;
  }
  const v = p.values;
  const env = makeEnv(v.project);
  if (verb === 'status') {
    const all = hooksStatus(env);
    io.out(v.json === true ? `${JSON.stringify(all, null, 2)}\n` : renderStatus(all));
    return 0;
  }
  if (verb !== 'install' && verb !== 'uninstall') {
    io.err(`rampart hooks: ${verb === undefined ? 'missing' : `unknown`} subcommand${verb === undefined ? '' : ` '${verb}'`}\n${USAGE}`);
    return 2;
  }
  const scope = parseScope(v.scope);
  if (v.agent === undefined || !isAgentName(v.agent) || scope === undefined) {
    io.err(`rampart hooks ${verb}: ${scope === undefined ? `unknown scope '${v.scope}'` : `--agent must be one of ${AGENTS.join(', ')}`}\n`);
    return 2;
  }
  if (verb === 'uninstall') {
    const r = uninstallHooks(v.agent, scope, env);
    if (!r.ok) {
      io.err(`rampart hooks uninstall: ${r.error}\n`);
      return 1;
    }
    reportChange(r.value, 'uninstall', io);
    return 0;
  }
  if (v.fail !== undefined && v.fail !== 'closed' && v.fail !== 'open') {
    io.err(`rampart hooks install: --fail must be closed or open, not '${v.fail}'\n`);
    return 2;
  }
  const transport = v.http === true ? 'http' : 'command';
  // HTTP hooks cannot fail closed, so `--http` alone means open; asking for closed earns a warning instead.
  const fail: FailMode = (v.fail as FailMode | undefined) ?? (transport === 'http' ? 'open' : 'closed');
  let server: string | undefined;
  if (v.server !== undefined) {
    const s = normalizeServer(v.server);
    if (!s.ok) {
      io.err(`rampart hooks install: ${s.error}\n`);
      return 2;
    }
    server = s.value;
  }
  const program = v.program === undefined ? defaultProgram() : { node: process.execPath, script: resolve(v.program) };
  const r = installHooks(v.agent, { scope, transport, fail, server, program }, env);
  if (!r.ok) {
    io.err(`rampart hooks install: ${r.error}\n`);
    return 1;
  }
  reportChange(r.value, 'install', io);
  return 0;
}

/** `rampart hooks install|uninstall|status`: wires coding agents' hooks to Rampart on this machine. */
export async function hooks(args: string[], io: CliIO): Promise<number> {
  return runHooks(args, io, processInstallEnv);
}
