import type { AgentName } from './agents.js';
import type { FailMode } from './fail-mode.js';
import { ALLOW_REPLY, blockReply, jsonReply, type HookReply } from './hook-reply.js';

/**
 * The reply for a delivery Rampart could not evaluate, in the agent's own contract. Import-light: the shim
 * uses it when the server is down, without parsing the (possibly 50 MB) body.
 *
 * Fail closed blocks only events whose block means "do not do this": a tool about to run, a prompt about to
 * be sent. Blocking anything else would do harm instead (Claude Code's Stop hook exit 2 makes the agent keep
 * going), so those are let through in both modes.
 */

/** Events whose deny stops an action, per agent (agents.md; Cursor and Copilot docs). */
const GATING: Readonly<Record<AgentName, ReadonlySet<string>>> = {
  'claude-code': new Set(['PreToolUse', 'UserPromptSubmit']),
  codex: new Set(['PreToolUse', 'UserPromptSubmit']),
  'gemini-cli': new Set(['BeforeTool', 'BeforeAgent']),
  cursor: new Set(['beforeShellExecution', 'beforeMCPExecution', 'beforeReadFile', 'beforeSubmitPrompt', 'preToolUse']),
  copilot: new Set(['preToolUse', 'PreToolUse']),
};

const EVENT_NAME = /"(?:hook_event_name|hookEventName)"\s*:\s*"([A-Za-z_]{1,64})"/;
/** How much of a body is searched for the event name: agents put it near the top. */
const SNIFF_CHARS = 1 << 16;

/** The event name in a raw body without parsing it, or `undefined` (malformed, or Copilot's camelCase form). */
export function sniffEventName(raw: string): string | undefined {
  return EVENT_NAME.exec(raw.length > SNIFF_CHARS ? raw.slice(0, SNIFF_CHARS) : raw)?.[1];
}

/** True when blocking this event stops an action; an unknown event counts as gating (the cautious reading). */
export function isGating(agent: AgentName, event: string | undefined): boolean {
  return event === undefined || GATING[agent].has(event) || !KNOWN_EVENTS[agent].has(event);
}

/** Every event name each agent documents; anything else is an unknown (newer) event. */
export const KNOWN_EVENTS: Readonly<Record<AgentName, ReadonlySet<string>>> = {
  'claude-code': new Set([
    'SessionStart', 'UserPromptSubmit', 'PreToolUse', 'PostToolUse', 'PostToolUseFailure', 'PermissionRequest', 'Notification',
    'Stop', 'SubagentStart', 'SubagentStop', 'PreCompact', 'SessionEnd', 'Setup',
  ]),
  codex: new Set(['SessionStart', 'UserPromptSubmit', 'PreToolUse', 'PostToolUse', 'Stop', 'SessionEnd']),
  'gemini-cli': new Set([
    'SessionStart', 'BeforeAgent', 'BeforeModel', 'BeforeToolSelection', 'AfterModel', 'BeforeTool', 'AfterTool', 'AfterAgent',
    'SessionEnd', 'Notification', 'PreCompress',
  ]),
  cursor: new Set([
    'sessionStart', 'sessionEnd', 'beforeSubmitPrompt', 'beforeShellExecution', 'afterShellExecution', 'beforeMCPExecution',
    'afterMCPExecution', 'beforeReadFile', 'afterFileEdit', 'afterAgentResponse', 'afterAgentThought', 'stop', 'preToolUse',
    'postToolUse', 'postToolUseFailure', 'subagentStart', 'subagentStop', 'preCompact', 'beforeTabFileRead', 'afterTabFileEdit',
  ]),
  copilot: new Set([
    'sessionStart', 'SessionStart', 'sessionEnd', 'SessionEnd', 'userPromptSubmitted', 'UserPromptSubmit', 'preToolUse', 'PreToolUse',
    'postToolUse', 'PostToolUse', 'postToolUseFailure', 'PostToolUseFailure', 'agentStop', 'Stop', 'subagentStart', 'subagentStop',
    'SubagentStop', 'errorOccurred', 'ErrorOccurred', 'preCompact', 'PreCompact', 'permissionRequest', 'notification',
    'userPromptTransformed',
  ]),
};

/**
 * The agent's reply for a delivery that could not be evaluated. `reason` is shown to the developer (and, on
 * some agents, to the model): say what happened and what to do, never a path or an address.
 */
export function failReply(opts: { agent: AgentName; event: string | undefined; mode: FailMode; reason: string }): HookReply {
  const { agent, event, mode, reason } = opts;
  if (mode === 'open' || !isGating(agent, event)) return ALLOW_REPLY;
  const text = `Rampart: ${reason}; blocked because hooks are set to fail closed.`;
  switch (agent) {
    case 'cursor':
      // Cursor reads the JSON of a hook that exits 0; `failClosed` in hooks.json covers a hook that cannot run.
      return event === 'beforeSubmitPrompt'
        ? jsonReply({ continue: false, user_message: text, userMessage: text })
        : jsonReply({ permission: 'deny', user_message: text, agent_message: text, userMessage: text, agentMessage: text });
    case 'copilot':
      // Exit 2 denies preToolUse whatever stdout says; elsewhere it is a warning.
      return blockReply(text, JSON.stringify({ permissionDecision: 'deny', permissionDecisionReason: text }));
    // Exit 2 + stderr is the deny every command hook honours; the JSON on stdout carries the same deny for
    // Claude Code's HTTP hooks, which read only the body.
    case 'claude-code':
    case 'codex':
      return blockReply(
        text,
        JSON.stringify(
          event === 'PreToolUse'
            ? { hookSpecificOutput: { hookEventName: 'PreToolUse', permissionDecision: 'deny', permissionDecisionReason: text } }
            : { decision: 'block', reason: text },
        ),
      );
    case 'gemini-cli':
      return blockReply(text, JSON.stringify({ decision: 'deny', reason: text }));
  }
}
