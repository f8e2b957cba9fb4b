import { hash } from 'node:crypto';
import type { IncomingHttpHeaders } from 'node:http';
import { rampartSessionId } from '../hooks/session-key.js';

/** The session a model request belongs to, and the agent that named it (if any). */
export interface LlmSession {
  readonly id: string;
  readonly agent: string | undefined;
  /** A hash of the conversation's first message: tells conversations in one session apart. */
  readonly conversation: string;
}

function one(h: IncomingHttpHeaders, name: string): string | undefined {
  const v = h[name];
  const s = Array.isArray(v) ? v[0] : v;
  return s === undefined || s === '' ? undefined : s;
}

/**
 * Finds the session of a model request: `x-rampart-session`, then Claude Code's `x-claude-code-session-id`,
 * then Codex's `session-id` (both through `rampartSessionId`, so the hooks of the same agent session land in
 * the same Rampart session), then a hash of the conversation's first message (DESIGN.md §2: the prefix
 * identifies a conversation's earlier requests).
 */
export function llmSession(headers: IncomingHttpHeaders, firstMessage: unknown): LlmSession {
  // One-shot `hash`: no Hash object per request (every model request computes this).
  const conversation = hash('sha256', JSON.stringify(firstMessage) ?? '', 'base64url').slice(0, 22);
  const explicit = one(headers, 'x-rampart-session');
  if (explicit !== undefined) return { id: explicit.slice(0, 256), agent: undefined, conversation };
  const claude = one(headers, 'x-claude-code-session-id');
  if (claude !== undefined) return { id: rampartSessionId('claude-code', claude), agent: 'claude-code', conversation };
  const codex = one(headers, 'session-id');
  if (codex !== undefined) return { id: rampartSessionId('codex', codex), agent: 'codex', conversation };
  return { id: `llm:${conversation}`, agent: undefined, conversation };
}
