import type { ChatCompletion, ChatFinishReason, ChatUsage } from '../canonical/chat.js';

/** A Chat Completions `finish_reason` as Anthropic's `stop_reason`. */
export function stopReasonOf(f: ChatFinishReason | null | undefined, hasCalls: boolean): string {
  switch (f) {
    case 'length':
      return 'max_tokens';
    case 'tool_calls':
      return 'tool_use';
    case 'content_filter':
      return 'refusal';
    case 'stop':
    case null:
    case undefined:
      // Some OpenAI-compatible servers finish a tool call with `stop`; the client must still run it.
      return hasCalls ? 'tool_use' : 'end_turn';
  }
}

/** Chat usage as Anthropic's: cached prompt tokens are reported apart from (and not within) `input_tokens`. */
export function anthropicUsageOf(u: ChatUsage | null | undefined): Record<string, number> {
  const cached = u?.prompt_tokens_details?.cached_tokens ?? 0;
  return { input_tokens: Math.max(0, (u?.prompt_tokens ?? 0) - cached), cache_creation_input_tokens: 0, cache_read_input_tokens: cached, output_tokens: u?.completion_tokens ?? 0 };
}

/** A tool call's argument text as an Anthropic `input` object; broken JSON is kept as `{ raw }`, not lost. */
export function toolInputOf(text: string): unknown {
  try {
    const v: unknown = JSON.parse(text === '' ? '{}' : text);
    return v !== null && typeof v === 'object' && !Array.isArray(v) ? v : { value: v };
  } catch {
    return { raw: text };
  }
}

/**
 * A Chat Completion as an Anthropic Messages reply (first choice): `reasoning_content` becomes a thinking block
 * (unsigned: it did not come from Anthropic), `content` a text block, `tool_calls` `tool_use` blocks.
 * @see https://docs.anthropic.com/en/api/messages
 */
export function anthropicReplyOf(c: ChatCompletion): Record<string, unknown> {
  const ch = c.choices[0];
  const m = ch?.message;
  const content: Record<string, unknown>[] = [];
  if (typeof m?.reasoning_content === 'string' && m.reasoning_content !== '') content.push({ type: 'thinking', thinking: m.reasoning_content, signature: '' });
  if (typeof m?.content === 'string' && m.content !== '') content.push({ type: 'text', text: m.content });
  for (const t of m?.tool_calls ?? []) content.push({ type: 'tool_use', id: t.id, name: t.function.name, input: toolInputOf(t.function.arguments) });
  const hasCalls = (m?.tool_calls?.length ?? 0) > 0;
  return {
    id: c.id,
    type: 'message',
    role: 'assistant',
    model: c.model,
    content,
    stop_reason: stopReasonOf(ch?.finish_reason, hasCalls),
    stop_sequence: null,
    usage: anthropicUsageOf(c.usage),
  };
}
