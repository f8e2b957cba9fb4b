export { AGENTS, isAgentName, type AgentName } from './agents.js';
export { AGENT_SPECS } from './agents/index.js';
export { HTTP_FAILS_OPEN } from './agents/claude-code.js';
export { hookCommandLine, parseOurCommand } from './hook-command.js';
export { installHooks, normalizeServer, uninstallHooks, type InstallOutcome } from './install.js';
export { defaultProgram } from './program.js';
export { hooksStatus, type AgentStatus, type ScopeCoverage } from './status.js';
export type { FailMode, HookProgram, InstallEnv, InstallRequest, Scope, Transport } from './types.js';
