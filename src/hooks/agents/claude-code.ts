import { str, type Json } from '../fields.js';
import { flattenText } from '../flatten.js';
import type { AgentAdapter, HookOutcome, HookStage, ParseContext, ParsedHook } from '../hook-event.js';
import { ALLOW_REPLY, jsonReply, type HookReply } from '../hook-reply.js';
import { callStep, resultStep, textSteps } from '../steps.js';

/**
 * Claude Code 2.1.x hooks (agents.md §1; code.claude.com/docs/en/hooks). Codex CLI sends the same payload
 * shape, so its adapter reuses `parseClaudeLike`.
 */

/** Events that carry nothing to normalize (recorded as `hook` events). */
const OTHER = new Set(['Notification', 'PreCompact', 'PermissionRequest', 'SubagentStart', 'Setup']);

/** Reads a Claude-shaped payload; shared with Codex. */
export function parseClaudeLike(body: Json, ctx: ParseContext, known: ReadonlySet<string> = OTHER): ParsedHook | undefined {
  const event = str(body, 'hook_event_name') ?? '';
  const base = { event, agentSessionId: str(body, 'session_id'), user: undefined, toolResponse: undefined, mcp: false };
  const cwd = str(body, 'cwd');
  const tool = (): ReturnType<ParseContext['tool']> =>
    ctx.tool({ name: str(body, 'tool_name') ?? 'unknown', input: body['tool_input'], callId: str(body, 'tool_use_id'), cwd });
  const stage = (s: HookStage, steps: ParsedHook['steps']): ParsedHook => ({ ...base, stage: s, steps });
  switch (event) {
    case 'SessionStart':
      return stage('session-start', [{ kind: 'session.start' }]);
    case 'SessionEnd':
      return stage('session-end', [{ kind: 'session.end' }]);
    case 'UserPromptSubmit':
      return stage('prompt', textSteps('prompt', str(body, 'prompt')));
    case 'PreToolUse': {
      const t = tool();
      return { ...stage('pre-tool', [callStep(t)]), mcp: t.mcp };
    }
    case 'PostToolUse':
    case 'PostToolUseFailure': {
      const t = tool();
      const failed = event === 'PostToolUseFailure';
      const response = failed ? (body['error'] ?? body['tool_response']) : body['tool_response'];
      return { ...stage('post-tool', [resultStep(t, flattenText(response, ctx.maxContentChars), failed)]), toolResponse: response, mcp: t.mcp };
    }
    case 'Stop':
    case 'SubagentStop':
      return stage('stop', textSteps('model.output', str(body, 'last_assistant_message')));
    default:
      return known.has(event) ? stage('other', []) : undefined;
  }
}

/** Claude Code's reply for one outcome (agents.md: deny contract, confirmed). */
export function renderClaude(parsed: ParsedHook, o: HookOutcome): HookReply {
  if (o.action === 'allow') return ALLOW_REPLY;
  switch (parsed.stage) {
    case 'pre-tool':
      if (o.action === 'redact') {
        // `updatedInput` with "ask": the developer sees and approves the rewritten call; "allow" would skip the
        // permission check the developer configured.
        return o.args === undefined
          ? ALLOW_REPLY
          : jsonReply({ hookSpecificOutput: { hookEventName: 'PreToolUse', permissionDecision: 'ask', permissionDecisionReason: o.reason, updatedInput: o.args } });
      }
      return jsonReply({ hookSpecificOutput: { hookEventName: 'PreToolUse', permissionDecision: o.action, permissionDecisionReason: o.reason } });
    case 'prompt':
      return o.action === 'redact' ? jsonReply({ systemMessage: `Rampart: ${o.reason}` }) : jsonReply({ decision: 'block', reason: o.reason });
    case 'post-tool':
      if (o.action === 'redact') {
        // The replacement keeps the tool's own shape (a string for Bash is rejected); MCP tools use their own field.
        const field = parsed.mcp ? 'updatedMCPToolOutput' : 'updatedToolOutput';
        return jsonReply({ hookSpecificOutput: { hookEventName: 'PostToolUse', [field]: o.output, additionalContext: `Rampart: ${o.reason}` } });
      }
      return jsonReply({ decision: 'block', reason: o.reason });
    case 'stop':
      // A Stop block would make the agent keep going; the text is already out, so tell the developer instead.
      return jsonReply({ systemMessage: `Rampart: ${o.reason}` });
    case 'session-start':
    case 'session-end':
    case 'other':
      return ALLOW_REPLY;
  }
}

/** The Claude Code adapter. */
export const claudeCode: AgentAdapter = {
  parse: (body, ctx) => parseClaudeLike(body, ctx),
  render: renderClaude,
};
