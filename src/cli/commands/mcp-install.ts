import { homedir } from 'node:os';
import { join } from 'node:path';
import { err, ok, type Result } from '../../core/index.js';
import { defaultProgram } from '../../hooks/install/program.js';
import { readSettings, renderSettings, writeSettings } from '../../hooks/install/settings-file.js';
import { isJsonObject, type Json, type JsonObject } from '../../hooks/install/types.js';

/** Agents whose MCP configuration `rampart mcp wrap --install` rewrites. */
export const WRAP_AGENTS = ['claude-code', 'cursor'] as const;
export type WrapAgent = (typeof WRAP_AGENTS)[number];
export type WrapScope = 'project' | 'user';

/** Where an agent keeps its MCP servers: both use `{ "mcpServers": { name: { command, args, env } } }`. */
export function mcpConfigPath(agent: WrapAgent, scope: WrapScope, cwd: string, home = homedir()): string {
  switch (agent) {
    case 'claude-code':
      return scope === 'project' ? join(cwd, '.mcp.json') : join(home, '.claude.json');
    case 'cursor':
      return scope === 'project' ? join(cwd, '.cursor', 'mcp.json') : join(home, '.cursor', 'mcp.json');
  }
}

/** What a run changed: servers wrapped or unwrapped, and those left alone with the reason. */
export interface WrapReport {
  readonly path: string;
  readonly backup: string | undefined;
  readonly changed: readonly string[];
  readonly skipped: readonly { readonly name: string; readonly why: string }[];
}

function strings(v: Json | undefined): string[] | undefined {
  return Array.isArray(v) && v.every((s) => typeof s === 'string') ? (v as string[]) : undefined;
}

/** The original command of an entry we wrapped, or `undefined` when it is not ours. */
function unwrapped(entry: JsonObject): { command: string; args: string[] } | undefined {
  const args = strings(entry['args']);
  if (args === undefined || args[1] !== 'mcp' || args[2] !== 'wrap') return undefined;
  const dash = args.indexOf('--');
  const command = args[dash + 1];
  return dash === -1 || command === undefined ? undefined : { command, args: args.slice(dash + 2) };
}

/**
 * Rewrites an agent's MCP configuration so each local (stdio) server runs through `rampart mcp wrap`
 * (`install`), or puts the original commands back (`uninstall`). Reversible both ways: the wrapped entry
 * keeps the original command after `--`, and the file is backed up before every write. Remote servers are
 * left alone: point them at the gateway's `/mcp/<name>` instead.
 */
export function rewriteMcpConfig(opts: { path: string; mode: 'install' | 'uninstall'; now?: Date; program?: { node: string; script: string } }): Result<WrapReport, string> {
  const file = readSettings(opts.path);
  if (!file.ok) return file;
  if (!file.value.exists) return opts.mode === 'install' ? err(`${opts.path} does not exist: no MCP servers to wrap`) : ok({ path: opts.path, backup: undefined, changed: [], skipped: [] });
  const doc = file.value.doc;
  if (!isJsonObject(doc)) return err(`${opts.path}: expected a JSON object`);
  const servers = doc['mcpServers'];
  if (!isJsonObject(servers)) return ok({ path: opts.path, backup: undefined, changed: [], skipped: [] });
  const program = opts.program ?? defaultProgram();
  const changed: string[] = [];
  const skipped: { name: string; why: string }[] = [];
  const next: Record<string, Json> = {};
  for (const [name, entry] of Object.entries(servers)) {
    next[name] = entry;
    if (!isJsonObject(entry)) continue;
    const original = unwrapped(entry);
    if (opts.mode === 'uninstall') {
      if (original === undefined) continue;
      next[name] = { ...entry, command: original.command, args: original.args };
      changed.push(name);
      continue;
    }
    if (original !== undefined) {
      skipped.push({ name, why: 'already wrapped' });
      continue;
    }
    const command = entry['command'];
    if (typeof command !== 'string') {
      skipped.push({ name, why: 'not a stdio server (no command): point it at the gateway /mcp/<name>' });
      continue;
    }
    const args = strings(entry['args']) ?? [];
    next[name] = { ...entry, command: program.node, args: [program.script, 'mcp', 'wrap', '--name', name.replace(/[^A-Za-z0-9_-]/g, '-').slice(0, 32), '--', command, ...args] };
    changed.push(name);
  }
  if (changed.length === 0) return ok({ path: opts.path, backup: undefined, changed, skipped });
  const written = writeSettings(file.value, renderSettings({ ...doc, mcpServers: next }), opts.now ?? new Date());
  if (!written.ok) return written;
  return ok({ path: opts.path, backup: written.value, changed, skipped });
}
