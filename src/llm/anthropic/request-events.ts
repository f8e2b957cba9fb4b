import { promptEvent, textOfParts, toolResultEvent, type EventContext, type RequestEvent } from '../request-events.js';

interface Block {
  readonly type?: unknown;
  readonly text?: unknown;
  readonly id?: unknown;
  readonly name?: unknown;
  readonly tool_use_id?: unknown;
  readonly content?: unknown;
  readonly is_error?: unknown;
}
interface Message {
  readonly role?: unknown;
  readonly content?: unknown;
}

/** Tool names by `tool_use` id, from the assistant turns of the whole conversation. */
function toolNames(messages: readonly Message[]): Map<string, string> {
  const names = new Map<string, string>();
  for (const m of messages) {
    if (m.role !== 'assistant' || !Array.isArray(m.content)) continue;
    for (const b of m.content as Block[]) {
      if (b !== null && typeof b === 'object' && b.type === 'tool_use' && typeof b.id === 'string' && typeof b.name === 'string') names.set(b.id, b.name);
    }
  }
  return names;
}

/**
 * The events of an Anthropic Messages request's new turns (`messages[from..]`): each user turn's text as a
 * `prompt`, each `tool_result` block as a `tool.result` named after its `tool_use`. Assistant turns (already
 * evaluated when the reply passed) and `role:"system"` items (Claude Code's, trusted) make no events.
 * @see https://docs.anthropic.com/en/api/messages
 */
export function anthropicRequestEvents(ctx: EventContext, messages: readonly Message[], from: number): RequestEvent[] {
  const out: RequestEvent[] = [];
  let names: Map<string, string> | undefined;
  for (let i = from; i < messages.length; i++) {
    const m = messages[i];
    if (m === undefined || m === null || m.role !== 'user') continue;
    if (typeof m.content === 'string') {
      if (m.content !== '') out.push({ input: promptEvent(ctx, m.content), at: undefined });
      continue;
    }
    if (!Array.isArray(m.content)) continue;
    let text = '';
    const blocks = m.content as Block[];
    for (let j = 0; j < blocks.length; j++) {
      const b = blocks[j];
      if (b === undefined || b === null || typeof b !== 'object') continue;
      if (b.type === 'text' && typeof b.text === 'string') {
        text += text === '' ? b.text : `\n${b.text}`;
      } else if (b.type === 'tool_result') {
        if (text !== '') out.push({ input: promptEvent(ctx, text), at: undefined });
        text = '';
        names ??= toolNames(messages);
        const callId = typeof b.tool_use_id === 'string' ? b.tool_use_id : undefined;
        const input = toolResultEvent(ctx, { name: (callId === undefined ? undefined : names.get(callId)) ?? 'unknown', callId, content: textOfParts(b.content), isError: b.is_error === true });
        out.push({ input, at: { message: i, block: j } });
      }
    }
    if (text !== '') out.push({ input: promptEvent(ctx, text), at: undefined });
  }
  return out;
}
