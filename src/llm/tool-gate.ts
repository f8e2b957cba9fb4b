import type { Decision, EngineRecord, EventInput, ToolArgs } from '../core/index.js';

/** The engine as the LLM gateway uses it: one event in, the record out (synchronous, never throws). */
export type ProcessEvent = (input: EventInput) => EngineRecord;

/** What happens to one tool call in a model reply. */
export type ToolVerdict = { readonly kind: 'allow' } | { readonly kind: 'replace'; readonly text: string };

/** A tool call found in a model reply. `rawArgs` is the JSON text the model produced. */
export interface ReplyToolCall {
  readonly name: string;
  readonly callId: string | undefined;
  readonly rawArgs: string;
}

/** Largest argument text evaluated; a bigger one is refused rather than passed unread. */
export const MAX_TOOL_ARGS_CHARS = 1 << 20;

function parseArgs(raw: string): ToolArgs {
  if (raw.trim() === '') return {};
  try {
    const v: unknown = JSON.parse(raw);
    return v !== null && typeof v === 'object' && !Array.isArray(v) ? (v as ToolArgs) : { value: v };
  } catch {
    // Models do emit broken JSON; the text is still what the agent would act on, so inspect it as such.
    return { raw };
  }
}

/** The text a client sees instead of a refused call: which tool, why, and which rule. */
export function refusalText(name: string, d: Decision): string | undefined {
  switch (d.action) {
    case 'allow':
    case 'redact':
      // Redacting arguments in a model reply is not built yet: the call passes, the decision is stored.
      return undefined;
    case 'deny':
      return `[Rampart] The tool call ${name} was blocked: ${d.reason} (rule ${d.rule.id}).`;
    case 'ask':
      return `[Rampart] The tool call ${name} needs a human's approval and was not run: ${d.prompt} (rule ${d.rule.id}).`;
  }
}

/** Sends a tool call from a model reply through the engine as a `tool.call` event and says what to do with it. */
export function gateToolCall(process: ProcessEvent, s: { readonly sessionId: string; readonly agent: string | undefined }, call: ReplyToolCall): ToolVerdict {
  if (call.rawArgs.length > MAX_TOOL_ARGS_CHARS) {
    return { kind: 'replace', text: `[Rampart] The tool call ${call.name} was blocked: its arguments exceed ${MAX_TOOL_ARGS_CHARS} characters.` };
  }
  const rec = process({
    kind: 'tool.call',
    sessionId: s.sessionId,
    source: 'llm',
    actor: { user: undefined, agent: s.agent },
    tool: { server: undefined, name: call.name, callId: call.callId },
    args: parseArgs(call.rawArgs),
  });
  const text = refusalText(call.name, rec.decision);
  return text === undefined ? { kind: 'allow' } : { kind: 'replace', text };
}
