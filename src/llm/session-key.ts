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

/** First messages this long or shorter have their hash remembered; most are a system prompt sent every time. */
const MEMO_MAX_CHARS = 2048;
/** Hashes remembered; the memo starts over when full (at most 1,024 × 2,048 chars held). */
const MEMO_MAX_ENTRIES = 1024;
const memo = new Map<string, string>();

/**
 * The conversation hash of a first message's JSON. Remembered for short ones: an agent resends the same first
 * message with every request, and the one-shot SHA-256 of it was 0.95% of the gateway's busy main-thread CPU
 * samples at c64 (`--cpu-prof`, 20,000 requests of the LLM benchmark's load; this module 1.51% → 0.73%). The same
 * value either way.
 */
function conversationOf(json: string): string {
  if (json.length > MEMO_MAX_CHARS) return hash('sha256', json, 'base64url').slice(0, 22);
  let h = memo.get(json);
  if (h === undefined) {
    h = hash('sha256', json, 'base64url').slice(0, 22);
    if (memo.size >= MEMO_MAX_ENTRIES) memo.clear();
    memo.set(json, h);
  }
  return h;
}

/**
 * Finds the session of a model request: `x-rampart-session`, then Claude Code's `x-claude-code-session-id`,
 * then Codex's `session-id` (both through `rampartSessionId`, so the hooks of the same agent session land in
 * the same Rampart session), then a hash of the conversation's first message (DESIGN.md §2: the prefix
 * identifies a conversation's earlier requests).
 */
export function llmSession(headers: IncomingHttpHeaders, firstMessage: unknown): LlmSession {
  // One-shot `hash`: no Hash object per request (every model request computes this).
  const conversation = conversationOf(JSON.stringify(firstMessage) ?? '');
  const explicit = one(headers, 'x-rampart-session');
  if (explicit !== undefined) return { id: explicit.slice(0, 256), agent: undefined, conversation };
  const claude = one(headers, 'x-claude-code-session-id');
  if (claude !== undefined) return { id: rampartSessionId('claude-code', claude), agent: 'claude-code', conversation };
  const codex = one(headers, 'session-id');
  if (codex !== undefined) return { id: rampartSessionId('codex', codex), agent: 'codex', conversation };
  return { id: `llm:${conversation}`, agent: undefined, conversation };
}
