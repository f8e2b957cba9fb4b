import { join } from 'node:path';
import { ensureCachedAgent } from './agent-cache.js';
import { baseEnv, spawnAgent, type AgentRun } from './spawn-agent.js';
import type { Workspace } from './workspace.js';

/** The quiet user settings (agents.md §3): API-key auth, no usage statistics, no telemetry. */
export function writeGeminiSettings(ws: Workspace): string {
  return ws.write(
    join(ws.home, '.gemini', 'settings.json'),
    `${JSON.stringify({ security: { auth: { selectedType: 'gemini-api-key' } }, privacy: { usageStatisticsEnabled: false }, telemetry: { enabled: false } }, null, 2)}\n`,
  );
}

/**
 * Runs `gemini -p PROMPT --output-format json --yolo` in the project against the scripted server. `--yolo`
 * is required for the shell tool to be offered headless; GEMINI_CLI_TRUST_WORKSPACE lets project hooks run.
 */
export function runGeminiCli(o: { readonly ws: Workspace; readonly baseUrl: string; readonly prompt: string; readonly model?: string; readonly sessionId?: string; readonly env?: Readonly<Record<string, string>>; readonly timeoutMs?: number }): Promise<AgentRun> {
  return spawnAgent({
    cmd: process.execPath,
    args: [ensureCachedAgent('gemini-cli'), '-p', o.prompt, '--output-format', 'json', '--yolo', '-m', o.model ?? 'gemini-2.5-flash', ...(o.sessionId === undefined ? [] : ['--session-id', o.sessionId])],
    cwd: o.ws.project,
    env: { ...baseEnv(o.ws.home), GEMINI_API_KEY: 'test', GOOGLE_GEMINI_BASE_URL: o.baseUrl, GEMINI_CLI_TRUST_WORKSPACE: 'true', ...o.env },
    timeoutMs: o.timeoutMs ?? 90_000,
  });
}
