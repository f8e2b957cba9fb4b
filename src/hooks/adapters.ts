import type { AgentName } from './agents.js';
import { claudeCode } from './agents/claude-code.js';
import { codex } from './agents/codex.js';
import { copilot } from './agents/copilot.js';
import { cursor } from './agents/cursor.js';
import { geminiCli } from './agents/gemini-cli.js';
import type { AgentAdapter } from './hook-event.js';

/** Each agent's adapter: its payloads in, its replies out. */
export const ADAPTERS: Readonly<Record<AgentName, AgentAdapter>> = {
  'claude-code': claudeCode,
  codex,
  'gemini-cli': geminiCli,
  cursor,
  copilot,
};
