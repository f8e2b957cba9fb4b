/**
 * The coding agents whose hooks Rampart understands, by the name used in `rampart hook <agent>` and
 * `POST /v1/hooks/<agent>`. The installer imports this list; keep this module free of imports so the hook
 * shim stays fast to start.
 */
export const AGENTS = ['claude-code', 'cursor', 'codex', 'gemini-cli', 'copilot'] as const;
export type AgentName = (typeof AGENTS)[number];

/** Narrows a string to a known agent name. */
export function isAgentName(s: string): s is AgentName {
  return (AGENTS as readonly string[]).includes(s);
}
