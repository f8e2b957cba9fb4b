import { promptEvent, textOfParts, toolResultEvent, type EventContext, type RequestEvent } from '../request-events.js';

interface Message {
  readonly role?: unknown;
  readonly content?: unknown;
  readonly tool_call_id?: unknown;
  readonly tool_calls?: unknown;
}

/** Tool names by call id, from the assistant turns' `tool_calls`. */
function toolNames(messages: readonly Message[]): Map<string, string> {
  const names = new Map<string, string>();
  for (const m of messages) {
    if (m.role !== 'assistant' || !Array.isArray(m.tool_calls)) continue;
    for (const c of m.tool_calls as { id?: unknown; function?: { name?: unknown } }[]) {
      if (c !== null && typeof c === 'object' && typeof c.id === 'string' && typeof c.function?.name === 'string') names.set(c.id, c.function.name);
    }
  }
  return names;
}

/**
 * The events of a Chat Completions request's new messages (`messages[from..]`): `user` messages as `prompt`,
 * `tool` messages as `tool.result` named after the assistant's call. `system`/`developer` and `assistant`
 * messages make no events.
 * @see https://platform.openai.com/docs/api-reference/chat/create
 */
export function openaiRequestEvents(ctx: EventContext, messages: readonly Message[], from: number): RequestEvent[] {
  const out: RequestEvent[] = [];
  let names: Map<string, string> | undefined;
  for (let i = from; i < messages.length; i++) {
    const m = messages[i];
    if (m === undefined || m === null) continue;
    if (m.role === 'user') {
      const text = textOfParts(m.content);
      if (text !== '') out.push({ input: promptEvent(ctx, text), at: undefined });
    } else if (m.role === 'tool') {
      names ??= toolNames(messages);
      const callId = typeof m.tool_call_id === 'string' ? m.tool_call_id : undefined;
      const input = toolResultEvent(ctx, { name: (callId === undefined ? undefined : names.get(callId)) ?? 'unknown', callId, content: textOfParts(m.content), isError: false });
      out.push({ input, at: { message: i, block: undefined } });
    }
  }
  return out;
}
