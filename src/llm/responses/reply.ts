import type { ChatCompletion, ChatFinishReason, ChatUsage } from '../canonical/chat.js';

/** A Responses output item (message or function call), completed or under way. */
export type OutputItem =
  | { readonly type: 'message'; readonly id: string; readonly role: 'assistant'; readonly status: string; readonly content: readonly { readonly type: 'output_text'; readonly text: string; readonly annotations: readonly never[] }[] }
  | { readonly type: 'function_call'; readonly id: string; readonly call_id: string; readonly name: string; readonly arguments: string; readonly status: string }
  | { readonly type: 'reasoning'; readonly id: string; readonly summary: readonly { readonly type: 'summary_text'; readonly text: string }[] };

/** Chat usage as Responses usage (`input_tokens` include cached ones, as `prompt_tokens` do). */
export function responsesUsageOf(u: ChatUsage | null | undefined): Record<string, unknown> | null {
  if (u === null || u === undefined) return null;
  return {
    input_tokens: u.prompt_tokens,
    input_tokens_details: { cached_tokens: u.prompt_tokens_details?.cached_tokens ?? 0 },
    output_tokens: u.completion_tokens,
    output_tokens_details: { reasoning_tokens: u.completion_tokens_details?.reasoning_tokens ?? 0 },
    total_tokens: u.total_tokens,
  };
}

/** The Responses object around some output: `incomplete` when the model ran out of tokens. */
export function responseObject(o: { id: string; model: string; createdAt: number; output: readonly OutputItem[]; finish: ChatFinishReason | null | 'in_progress'; usage: ChatUsage | null | undefined }): Record<string, unknown> {
  const status = o.finish === 'in_progress' ? 'in_progress' : o.finish === 'length' ? 'incomplete' : 'completed';
  return {
    id: o.id,
    object: 'response',
    created_at: o.createdAt,
    status,
    error: null,
    incomplete_details: status === 'incomplete' ? { reason: 'max_output_tokens' } : null,
    model: o.model,
    output: o.output,
    parallel_tool_calls: true,
    tool_choice: 'auto',
    tools: [],
    usage: o.finish === 'in_progress' ? null : responsesUsageOf(o.usage),
  };
}

/** The Responses id for a Chat completion id. */
export function responseId(chatId: string): string {
  return chatId.startsWith('resp_') ? chatId : `resp_${chatId}`;
}

/**
 * A Chat Completion (first choice) as a Responses object: reasoning as a summary item, the text as a message
 * item, each tool call as a `function_call` item.
 * @see https://platform.openai.com/docs/api-reference/responses/object
 */
export function responseOf(c: ChatCompletion): Record<string, unknown> {
  const ch = c.choices[0];
  const m = ch?.message;
  const output: OutputItem[] = [];
  if (typeof m?.reasoning_content === 'string' && m.reasoning_content !== '') output.push({ type: 'reasoning', id: `rs_${c.id}`, summary: [{ type: 'summary_text', text: m.reasoning_content }] });
  if (typeof m?.content === 'string' && m.content !== '') output.push({ type: 'message', id: `msg_${c.id}`, role: 'assistant', status: 'completed', content: [{ type: 'output_text', text: m.content, annotations: [] }] });
  for (const t of m?.tool_calls ?? []) output.push({ type: 'function_call', id: `fc_${t.id}`, call_id: t.id, name: t.function.name, arguments: t.function.arguments, status: 'completed' });
  return responseObject({ id: responseId(c.id), model: c.model, createdAt: c.created, output, finish: ch?.finish_reason ?? 'stop', usage: c.usage });
}
