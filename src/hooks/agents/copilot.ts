import { asObject, firstStr, str, type Json } from '../fields.js';
import { flattenText } from '../flatten.js';
import type { AgentAdapter, HookOutcome, HookStep, ParseContext, ParsedHook } from '../hook-event.js';
import { ALLOW_REPLY, jsonReply, type HookReply } from '../hook-reply.js';
import { callStep, resultStep, textSteps } from '../steps.js';

/**
 * GitHub Copilot CLI hooks (docs.github.com/copilot/reference/hooks-reference). One agent, two payload
 * formats chosen by how the event is spelled in the configuration: camelCase events (`preToolUse`) carry
 * camelCase fields and no event name (`toolName`, `toolArgs`, `toolResult.textResultForLlm`); PascalCase events
 * (`PreToolUse`) carry `hook_event_name` and snake_case fields (`tool_name`, `tool_input`,
 * `tool_result.text_result_for_llm`). Reply fields are the same in both: `permissionDecision`,
 * `permissionDecisionReason`, `modifiedArgs` for preToolUse, `modifiedResult` for postToolUse.
 */

/** The camelCase event of a payload without `hook_event_name`, from the fields it carries. */
export function inferCopilotEvent(b: Json): string | undefined {
  if ('toolResult' in b) return 'postToolUse';
  if ('toolName' in b && 'error' in b) return 'postToolUseFailure';
  if ('toolName' in b) return 'preToolUse';
  if ('transformedPrompt' in b) return 'userPromptTransformed';
  if ('prompt' in b) return 'userPromptSubmitted';
  if ('errorContext' in b) return 'errorOccurred';
  if ('agentName' in b) return 'stopReason' in b ? 'subagentStop' : 'subagentStart';
  if ('stopReason' in b) return 'agentStop';
  if ('trigger' in b) return 'preCompact';
  if ('notification_type' in b) return 'notification';
  if ('source' in b) return 'sessionStart';
  if ('reason' in b) return 'sessionEnd';
  return undefined;
}

const OTHER = new Set(['subagentStart', 'preCompact', 'PreCompact', 'notification', 'errorOccurred', 'ErrorOccurred', 'permissionRequest', 'userPromptTransformed']);

function parse(body: Json, ctx: ParseContext): ParsedHook | undefined {
  const event = str(body, 'hook_event_name') ?? inferCopilotEvent(body) ?? '';
  const base = { event, agentSessionId: firstStr(body, ['sessionId', 'session_id']), user: undefined, toolResponse: undefined, mcp: false };
  const cwd = str(body, 'cwd');
  const tool = (): ReturnType<ParseContext['tool']> =>
    ctx.tool({ name: firstStr(body, ['toolName', 'tool_name']) ?? 'unknown', input: body['toolArgs'] ?? body['tool_input'], callId: undefined, cwd });
  const staged = (stage: ParsedHook['stage'], steps: readonly HookStep[]): ParsedHook => ({ ...base, stage, steps });
  switch (event) {
    case 'sessionStart':
    case 'SessionStart':
      return staged('session-start', [{ kind: 'session.start' }]);
    case 'sessionEnd':
    case 'SessionEnd':
      return staged('session-end', [{ kind: 'session.end' }]);
    case 'userPromptSubmitted':
    case 'UserPromptSubmit':
      return staged('prompt', textSteps('prompt', str(body, 'prompt')));
    case 'preToolUse':
    case 'PreToolUse': {
      const t = tool();
      return { ...staged('pre-tool', [callStep(t)]), mcp: t.mcp };
    }
    case 'postToolUse':
    case 'PostToolUse': {
      const t = tool();
      const result = asObject(body['toolResult'] ?? body['tool_result']);
      const text = result === undefined ? '' : (firstStr(result, ['textResultForLlm', 'text_result_for_llm']) ?? '');
      return { ...staged('post-tool', [resultStep(t, flattenText(text, ctx.maxContentChars), false)]), toolResponse: text, mcp: t.mcp };
    }
    case 'postToolUseFailure':
    case 'PostToolUseFailure': {
      const t = tool();
      return staged('post-tool', [resultStep(t, flattenText(body['error'] ?? '', ctx.maxContentChars), true)]);
    }
    case 'subagentStop':
    case 'SubagentStop':
      return staged('stop', textSteps('model.output', firstStr(body, ['response', 'last_assistant_message'])));
    case 'agentStop':
    case 'Stop':
      return staged('stop', []);
    default:
      return OTHER.has(event) ? staged('other', []) : undefined;
  }
}

function render(parsed: ParsedHook, o: HookOutcome): HookReply {
  if (o.action === 'allow') return ALLOW_REPLY;
  switch (parsed.stage) {
    case 'pre-tool':
      if (o.action === 'redact') {
        return o.args === undefined ? ALLOW_REPLY : jsonReply({ permissionDecision: 'ask', permissionDecisionReason: o.reason, modifiedArgs: o.args });
      }
      return jsonReply({ permissionDecision: o.action, permissionDecisionReason: o.reason });
    case 'post-tool': {
      const text = o.action === 'redact' ? (o.outputText ?? '') : `[tool output withheld by Rampart: ${o.reason}]`;
      return jsonReply({ modifiedResult: { resultType: 'success', textResultForLlm: text }, additionalContext: `Rampart: ${o.reason}` });
    }
    case 'prompt':
    case 'stop':
    case 'session-start':
    case 'session-end':
    case 'other':
      // Copilot drops the output of these config-file hooks: nothing to say.
      return ALLOW_REPLY;
  }
}

/** The GitHub Copilot CLI adapter (both payload formats). */
export const copilot: AgentAdapter = { parse, render };
