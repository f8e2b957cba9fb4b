/**
 * The real-agent harness: throw-away workspaces, scripted model servers, hooks installed by the real
 * installer, headless agent runs, and what they left behind. See scenario.ts for the one-call form.
 */
export { CACHED_AGENTS, ensureCachedAgent } from './agent-cache.js';
export { claudeCommand, runClaudeCode } from './claude-code.js';
export { codexHome, runCodex } from './codex.js';
export { runGeminiCli, writeGeminiSettings } from './gemini-cli.js';
export { startHookRecorder, type HookRecorder, type HookReply, type RecordedHook } from './hook-recorder.js';
export { rampartHooks, workspaceInstallEnv } from './install.js';
export { writeRecorderProgram } from './recorder-program.js';
export { runScenario, shellStep, startModelFake, type HarnessAgent, type ScenarioOptions, type ScenarioResult } from './scenario.js';
export { baseEnv, spawnAgent, type AgentRun } from './spawn-agent.js';
export { createWorkspace, type Workspace } from './workspace.js';
