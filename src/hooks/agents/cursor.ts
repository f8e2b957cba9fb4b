import { str, type Json } from '../fields.js';
import { flattenText } from '../flatten.js';
import type { AgentAdapter, HookOutcome, HookStep, ParseContext, ParsedHook } from '../hook-event.js';
import { ALLOW_REPLY, jsonReply, type HookReply } from '../hook-reply.js';
import { callStep, resultStep, textSteps } from '../steps.js';

/**
 * Cursor agent hooks (cursor.com/docs/agent/hooks): `hooks.json` events with `conversation_id`,
 * `generation_id` and `workspace_roots` in every payload. Replies: `permission` (`allow` | `deny` | `ask`)
 * with a message for the user and one for the agent on the before-execution events, `permission` alone on
 * `beforeReadFile`, and `continue` on `beforeSubmitPrompt`. Message fields are sent in both spellings Cursor
 * has documented (`user_message`, and `userMessage` of the 1.7 release); unknown fields are ignored.
 * Failing closed when the hook itself cannot run is `failClosed: true` in hooks.json (the installer's part).
 */
const OTHER = new Set(['afterAgentThought', 'preCompact', 'subagentStart', 'subagentStop', 'beforeTabFileRead', 'afterTabFileEdit', 'postToolUseFailure']);

function parse(body: Json, ctx: ParseContext): ParsedHook | undefined {
  const event = str(body, 'hook_event_name') ?? '';
  const roots = body['workspace_roots'];
  const root = Array.isArray(roots) && typeof roots[0] === 'string' ? roots[0] : undefined;
  const cwd = str(body, 'cwd') ?? root;
  const base = { event, agentSessionId: str(body, 'conversation_id') ?? str(body, 'session_id'), user: str(body, 'user_email'), toolResponse: undefined, mcp: false };
  const server = { url: str(body, 'url'), command: str(body, 'command') };
  const staged = (stage: ParsedHook['stage'], steps: readonly HookStep[], extra: Partial<ParsedHook> = {}): ParsedHook => ({ ...base, stage, steps, ...extra });
  switch (event) {
    case 'sessionStart':
      return staged('session-start', [{ kind: 'session.start' }]);
    case 'sessionEnd':
      return staged('session-end', [{ kind: 'session.end' }]);
    case 'beforeSubmitPrompt':
      return staged('prompt', textSteps('prompt', str(body, 'prompt')));
    case 'beforeShellExecution':
    case 'afterShellExecution': {
      const t = ctx.tool({ name: 'Shell', input: { command: str(body, 'command') ?? '', cwd: str(body, 'cwd') }, callId: str(body, 'generation_id'), cwd });
      return event === 'beforeShellExecution'
        ? staged('pre-tool', [callStep(t)])
        : staged('post-tool', [resultStep(t, flattenText(body['output'] ?? '', ctx.maxContentChars), false)], { toolResponse: body['output'] });
    }
    case 'beforeMCPExecution':
    case 'afterMCPExecution': {
      const t = ctx.tool({ name: str(body, 'tool_name') ?? 'unknown', input: body['tool_input'], callId: str(body, 'generation_id'), cwd, mcpServer: server });
      return event === 'beforeMCPExecution'
        ? staged('pre-tool', [callStep(t)], { mcp: true })
        : staged('post-tool', [resultStep(t, flattenText(body['result_json'] ?? '', ctx.maxContentChars), false)], { toolResponse: body['result_json'], mcp: true });
    }
    case 'beforeReadFile': {
      // Cursor hands over the file's content with the request: if the read is allowed, that content enters the context.
      const t = ctx.tool({ name: 'Read', input: { file_path: str(body, 'file_path') ?? '' }, callId: str(body, 'generation_id'), cwd });
      const content = body['content'];
      return staged('pre-tool', content === undefined ? [callStep(t)] : [callStep(t), resultStep(t, flattenText(content, ctx.maxContentChars), false)]);
    }
    case 'afterFileEdit': {
      const t = ctx.tool({ name: 'Edit', input: { file_path: str(body, 'file_path') ?? '', edits: body['edits'] }, callId: str(body, 'generation_id'), cwd });
      return staged('post-tool', [callStep(t)]);
    }
    case 'preToolUse':
    case 'postToolUse': {
      const t = ctx.tool({ name: str(body, 'tool_name') ?? 'unknown', input: body['tool_input'], callId: str(body, 'tool_use_id'), cwd });
      return event === 'preToolUse'
        ? staged('pre-tool', [callStep(t)], { mcp: t.mcp })
        : staged('post-tool', [resultStep(t, flattenText(body['tool_output'] ?? '', ctx.maxContentChars), false)], { mcp: t.mcp });
    }
    case 'afterAgentResponse':
      return staged('stop', textSteps('model.output', str(body, 'text')));
    case 'stop':
      return staged('stop', []);
    default:
      return OTHER.has(event) ? staged('other', []) : undefined;
  }
}

function messages(text: string): Json {
  return { user_message: text, agent_message: text, userMessage: text, agentMessage: text };
}

function render(parsed: ParsedHook, o: HookOutcome): HookReply {
  const text = `Rampart: ${o.reason}`;
  switch (parsed.event) {
    case 'beforeSubmitPrompt':
      return o.action === 'deny' || o.action === 'ask' ? jsonReply({ continue: false, user_message: text, userMessage: text }) : jsonReply({ continue: true });
    case 'beforeReadFile':
      // `permission` only; there is no prompt on reads, so an ask (or a redaction of the content) denies.
      return jsonReply({ permission: o.action === 'allow' ? 'allow' : 'deny' });
    case 'beforeShellExecution':
    case 'beforeMCPExecution':
    case 'preToolUse':
      if (o.action === 'allow') return jsonReply({ permission: 'allow' });
      return jsonReply({ permission: o.action === 'deny' ? 'deny' : 'ask', ...messages(text) });
    default:
      return ALLOW_REPLY;
  }
}

/** The Cursor adapter. */
export const cursor: AgentAdapter = { parse, render };
