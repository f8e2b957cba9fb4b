import { statSync } from 'node:fs';
import { baseEnv, spawnAgent, type AgentRun } from './spawn-agent.js';
import type { Workspace } from './workspace.js';

const REPO = new URL('../../', import.meta.url).pathname;

/**
 * The pinned Claude Code (devDependency @anthropic-ai/claude-code 2.1.197): the native binary its postinstall
 * put in place, or the package's cli-wrapper.cjs when install scripts were skipped (agents.md, pitfall 9).
 */
export function claudeCommand(): { cmd: string; pre: string[] } {
  const bin = `${REPO}node_modules/@anthropic-ai/claude-code/bin/claude.exe`;
  // Before the postinstall, bin/claude.exe is a small placeholder; after it, the ~245 MB native binary.
  let size = 0;
  try {
    size = statSync(bin).size;
  } catch {
    size = 0;
  }
  if (size > 1_000_000) return { cmd: bin, pre: [] };
  return { cmd: process.execPath, pre: [`${REPO}node_modules/@anthropic-ai/claude-code/cli-wrapper.cjs`] };
}

/** The quiet, offline environment of a Claude Code run against a scripted server (agents.md §1). */
export function claudeEnv(ws: Workspace, baseUrl: string): Record<string, string> {
  return {
    ...baseEnv(ws.home),
    ANTHROPIC_BASE_URL: baseUrl,
    ANTHROPIC_API_KEY: 'test',
    CLAUDE_CODE_DISABLE_NONESSENTIAL_TRAFFIC: '1',
    DISABLE_TELEMETRY: '1',
    DISABLE_AUTOUPDATER: '1',
    CLAUDE_CODE_MAX_RETRIES: '0',
    // Our machines run as root; Claude Code refuses bypass modes as root unless sandboxed (pitfall 5).
    IS_SANDBOX: '1',
  };
}

/** Options of one headless Claude Code run. */
export interface ClaudeRunOptions {
  readonly ws: Workspace;
  /** The scripted Anthropic server. */
  readonly baseUrl: string;
  readonly prompt: string;
  /** Fixes the session id seen by hooks, the model server and the result. */
  readonly sessionId?: string;
  /** Extra CLI arguments (default `--allowedTools Bash`). */
  readonly args?: readonly string[];
  readonly env?: Readonly<Record<string, string>>;
  readonly timeoutMs?: number;
}

/** Runs `claude -p PROMPT --output-format json` in the workspace's project folder. */
export function runClaudeCode(o: ClaudeRunOptions): Promise<AgentRun> {
  const { cmd, pre } = claudeCommand();
  const args = [...pre, '-p', o.prompt, '--output-format', 'json', ...(o.args ?? ['--allowedTools', 'Bash'])];
  if (o.sessionId !== undefined) args.push('--session-id', o.sessionId);
  return spawnAgent({ cmd, args, cwd: o.ws.project, env: { ...claudeEnv(o.ws, o.baseUrl), ...o.env }, timeoutMs: o.timeoutMs ?? 60_000 });
}
