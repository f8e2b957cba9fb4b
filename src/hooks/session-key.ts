import type { AgentName } from './agents.js';

/** Longest agent session id kept whole; longer ones (never seen in practice) are cut so keys stay bounded. */
const MAX_ID = 200;

/**
 * The Rampart session id for an agent's own session id: one session across surfaces (issue 3, point 7).
 *
 * Hooks key their events with it, and the LLM gateway (issue 5) must call it with the same inputs so that a
 * model request joins the session of the hooks around it:
 *
 * - Claude Code sends the hook `session_id` as the `x-claude-code-session-id` request header (and inside
 *   `metadata.user_id`): `rampartSessionId('claude-code', header)`.
 * - Codex sends it as the `session-id` (and `thread-id`) header: `rampartSessionId('codex', header)`.
 * - Gemini CLI sends no session id on model requests, so its hooks keep a session of their own.
 *
 * The agent name is part of the key because two agents' ids live in different namespaces.
 */
export function rampartSessionId(agent: AgentName, agentSessionId: string): string {
  const id = agentSessionId.length > MAX_ID ? agentSessionId.slice(0, MAX_ID) : agentSessionId;
  return `${agent}:${id}`;
}
