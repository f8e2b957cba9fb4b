import { join } from 'node:path';
import { ensureCachedAgent } from './agent-cache.js';
import { baseEnv, spawnAgent, type AgentRun } from './spawn-agent.js';
import type { Workspace } from './workspace.js';

/** CODEX_HOME of a workspace (HOME points there's parent; both throw-away). */
export function codexHome(ws: Workspace): string {
  return join(ws.home, '.codex');
}

/**
 * Writes the quiet, offline `config.toml` (agents.md §2): the scripted Responses provider, no update check,
 * analytics or plugin traffic. Our own test file, written as text: no TOML library needed.
 */
export function writeCodexConfig(ws: Workspace, baseUrl: string, trustProject = false): void {
  ws.write(
    join(codexHome(ws), 'config.toml'),
    [
      'model = "gpt-5.4"',
      'model_provider = "scripted"',
      'check_for_update_on_startup = false',
      '',
      '[analytics]',
      'enabled = false',
      '',
      '[features]',
      'plugins = false',
      'apps = false',
      'remote_plugin = false',
      '',
      // The sandbox (workspace-write) cuts the network by default; scenarios send through a local proxy.
      '[sandbox_workspace_write]',
      'network_access = true',
      '',
      '[model_providers.scripted]',
      'name = "scripted"',
      `base_url = "${baseUrl}/v1"`,
      'env_key = "SCRIPTED_API_KEY"',
      'wire_api = "responses"',
      '',
      // Project hooks (.codex/hooks.json) load only in a trusted project; this is what `codex exec --trust` writes.
      ...(trustProject ? [`[projects.${JSON.stringify(ws.project)}]`, 'trust_level = "trusted"', ''] : []),
    ].join('\n'),
  );
}

/**
 * Runs `codex exec --json PROMPT` in the project. Hooks outside the managed layer need trust, and
 * `codex exec` skips untrusted hooks silently (pitfall 1), so the run bypasses the trust gate.
 * The result's `json` is undefined (JSONL); `events` parses it.
 */
export async function runCodex(o: {
  readonly ws: Workspace;
  readonly baseUrl: string;
  readonly prompt: string;
  readonly trustProject?: boolean;
  readonly env?: Readonly<Record<string, string>>;
  readonly timeoutMs?: number;
}): Promise<AgentRun & { events: Record<string, unknown>[] }> {
  writeCodexConfig(o.ws, o.baseUrl, o.trustProject === true);
  const run = await spawnAgent({
    cmd: ensureCachedAgent('codex'),
    args: ['exec', '--json', '--skip-git-repo-check', '--dangerously-bypass-hook-trust', '-s', 'workspace-write', o.prompt],
    cwd: o.ws.project,
    env: { ...baseEnv(o.ws.home), CODEX_HOME: codexHome(o.ws), SCRIPTED_API_KEY: 'test', ...o.env },
    timeoutMs: o.timeoutMs ?? 90_000,
  });
  const events = run.stdout.split('\n').flatMap((l) => {
    try {
      return l.trim() === '' ? [] : [JSON.parse(l) as Record<string, unknown>];
    } catch {
      return [];
    }
  });
  return { ...run, events };
}
