import type { AgentSpec } from '../agent-spec.js';
import type { AgentName } from '../agents.js';
import { CLAUDE_CODE } from './claude-code.js';
import { CODEX } from './codex.js';
import { COPILOT } from './copilot.js';
import { CURSOR } from './cursor.js';
import { GEMINI_CLI } from './gemini-cli.js';

/** Each agent's hook layout, by name. */
export const AGENT_SPECS: Readonly<Record<AgentName, AgentSpec>> = {
  'claude-code': CLAUDE_CODE,
  cursor: CURSOR,
  codex: CODEX,
  'gemini-cli': GEMINI_CLI,
  copilot: COPILOT,
};
