import type { ReplyToolCall, ToolVerdict } from '../tool-gate.js';

interface ToolCall {
  readonly id?: unknown;
  readonly type?: unknown;
  readonly function?: { readonly name?: unknown; readonly arguments?: unknown };
}
interface Choice {
  readonly message?: { readonly content?: unknown; readonly tool_calls?: unknown } & Record<string, unknown>;
  readonly finish_reason?: unknown;
}

/** A Chat Completions tool call as the gate sees it. */
export function chatToolCall(c: ToolCall): ReplyToolCall {
  return {
    name: typeof c.function?.name === 'string' ? c.function.name : 'unknown',
    callId: typeof c.id === 'string' ? c.id : undefined,
    rawArgs: typeof c.function?.arguments === 'string' ? c.function.arguments : '',
  };
}

/**
 * Gates the `tool_calls` of a non-streaming Chat Completions reply, choice by choice: refused calls are removed
 * and their refusal appended to the message's `content`; a choice left without calls loses `tool_calls` and
 * finishes with `stop`. Returns the rewritten reply, or undefined when nothing changed.
 */
export function gateOpenAiReply(reply: Record<string, unknown>, decide: (call: ReplyToolCall) => ToolVerdict): Record<string, unknown> | undefined {
  if (!Array.isArray(reply['choices'])) return undefined;
  let changed = false;
  const choices = (reply['choices'] as Choice[]).map((ch) => {
    const msg = ch?.message;
    if (msg === undefined || !Array.isArray(msg.tool_calls)) return ch;
    const kept: ToolCall[] = [];
    const refusals: string[] = [];
    for (const c of msg.tool_calls as ToolCall[]) {
      // Only function calls run on the client; custom tools are judged the same way when they name a function.
      const v = decide(chatToolCall(c));
      if (v.kind === 'allow') kept.push(c);
      else refusals.push(v.text);
    }
    if (refusals.length === 0) return ch;
    changed = true;
    const before = typeof msg.content === 'string' && msg.content !== '' ? `${msg.content}\n\n` : '';
    const message = { ...msg, content: before + refusals.join('\n'), tool_calls: kept.length > 0 ? kept : undefined };
    return { ...ch, message, finish_reason: kept.length === 0 && ch.finish_reason === 'tool_calls' ? 'stop' : ch.finish_reason };
  });
  return changed ? { ...reply, choices } : undefined;
}
