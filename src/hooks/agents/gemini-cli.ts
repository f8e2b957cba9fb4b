import { asObject, str, type Json } from '../fields.js';
import { flattenText } from '../flatten.js';
import type { AgentAdapter, HookOutcome, ParseContext, ParsedHook } from '../hook-event.js';
import { ALLOW_REPLY, jsonReply, type HookReply } from '../hook-reply.js';
import { callStep, resultStep, textSteps } from '../steps.js';

/**
 * Gemini CLI 0.61 hooks (agents.md §3; geminicli.com/docs/hooks/reference). Replies use top-level
 * `decision: "deny"` + `reason`; Claude's `hookSpecificOutput.permissionDecision` is ignored by Gemini
 * (observed: the tool ran). `BeforeTool` carries no tool-call id; `hookSpecificOutput.tool_input` there merges
 * into the arguments (the argument rewrite). On `AfterTool`, a deny's `reason` replaces the tool result sent to
 * the model: a redaction sends the redacted output as that reason. An `AfterAgent` deny would make the agent
 * retry, so a decision on the model's final text only warns (`systemMessage`).
 */
const OTHER = new Set(['BeforeModel', 'AfterModel', 'BeforeToolSelection', 'Notification', 'PreCompress']);

function parse(body: Json, ctx: ParseContext): ParsedHook | undefined {
  const event = str(body, 'hook_event_name') ?? '';
  const base = { event, agentSessionId: str(body, 'session_id'), user: undefined, toolResponse: undefined, mcp: false };
  const cwd = str(body, 'cwd');
  const mcpContext = asObject(body['mcp_context']);
  const tool = (): ReturnType<ParseContext['tool']> =>
    ctx.tool({
      name: str(body, 'tool_name') ?? 'unknown',
      input: body['tool_input'],
      callId: undefined,
      cwd,
      mcpServer: mcpContext === undefined ? undefined : { name: str(mcpContext, 'server_name'), url: str(mcpContext, 'url'), command: str(mcpContext, 'command') },
    });
  switch (event) {
    case 'SessionStart':
      return { ...base, stage: 'session-start', steps: [{ kind: 'session.start' }] };
    case 'SessionEnd':
      return { ...base, stage: 'session-end', steps: [{ kind: 'session.end' }] };
    case 'BeforeAgent':
      return { ...base, stage: 'prompt', steps: textSteps('prompt', str(body, 'prompt')) };
    case 'BeforeTool': {
      const t = tool();
      return { ...base, stage: 'pre-tool', steps: [callStep(t)], mcp: t.mcp };
    }
    case 'AfterTool': {
      const t = tool();
      const response = body['tool_response'];
      // `llmContent` is what the model sees; `returnDisplay` repeats it for the terminal.
      const forModel = asObject(response)?.['llmContent'] ?? response;
      return { ...base, stage: 'post-tool', steps: [resultStep(t, flattenText(forModel, ctx.maxContentChars), false)], toolResponse: response, mcp: t.mcp };
    }
    case 'AfterAgent':
      return { ...base, stage: 'stop', steps: textSteps('model.output', str(body, 'prompt_response')) };
    default:
      return OTHER.has(event) ? { ...base, stage: 'other', steps: [] } : undefined;
  }
}

/** The redacted text the model should see instead of the tool's `llmContent`. */
function redactedText(o: HookOutcome): string {
  const llm = asObject(o.output)?.['llmContent'];
  return typeof llm === 'string' ? llm : typeof o.output === 'string' ? o.output : (o.outputText ?? '');
}

function render(parsed: ParsedHook, o: HookOutcome): HookReply {
  if (o.action === 'allow') return ALLOW_REPLY;
  switch (parsed.stage) {
    case 'pre-tool':
      if (o.action === 'redact') return o.args === undefined ? ALLOW_REPLY : jsonReply({ hookSpecificOutput: { hookEventName: 'BeforeTool', tool_input: o.args } });
      return jsonReply({ decision: 'deny', reason: o.reason });
    case 'prompt':
      return o.action === 'redact' ? ALLOW_REPLY : jsonReply({ decision: 'deny', reason: o.reason });
    case 'post-tool':
      return jsonReply({ decision: 'deny', reason: o.action === 'redact' ? redactedText(o) : `tool output withheld: ${o.reason}` });
    case 'stop':
      return jsonReply({ systemMessage: `Rampart: ${o.reason}` });
    case 'session-start':
    case 'session-end':
    case 'other':
      return ALLOW_REPLY;
  }
}

/** The Gemini CLI adapter. */
export const geminiCli: AgentAdapter = { parse, render };
