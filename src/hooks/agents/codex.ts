import type { AgentAdapter, HookOutcome, ParsedHook } from '../hook-event.js';
import { ALLOW_REPLY, jsonReply, type HookReply } from '../hook-reply.js';
import { parseClaudeLike } from './claude-code.js';

/**
 * Codex CLI 0.169 hooks (agents.md §2): Claude-shaped payloads (its shell tool appears as `Bash`, and
 * `tool_response` is a string) and Claude-style replies. Codex honours `permissionDecision: "deny"`; it has no
 * approval prompt for hooks and no output rewrite, so an ask becomes a deny that says approval is needed, and a
 * redaction withholds the output.
 */
const NONE: ReadonlySet<string> = new Set();

function render(parsed: ParsedHook, o: HookOutcome): HookReply {
  if (o.action === 'allow') return ALLOW_REPLY;
  const reason = o.action === 'ask' ? `needs a human's approval, which Codex hooks cannot ask for: ${o.reason}` : o.reason;
  switch (parsed.stage) {
    case 'pre-tool':
      return jsonReply({ hookSpecificOutput: { hookEventName: 'PreToolUse', permissionDecision: 'deny', permissionDecisionReason: reason } });
    case 'prompt':
      return o.action === 'redact' ? ALLOW_REPLY : jsonReply({ decision: 'block', reason });
    case 'post-tool':
      return jsonReply({ decision: 'block', reason: o.action === 'redact' ? `tool output withheld: ${o.reason}` : reason });
    case 'stop':
    case 'session-start':
    case 'session-end':
    case 'other':
      return ALLOW_REPLY;
  }
}

/** The Codex CLI adapter. */
export const codex: AgentAdapter = {
  parse: (body, ctx) => parseClaudeLike(body, ctx, NONE),
  render,
};
