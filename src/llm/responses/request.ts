import type { ChatContentPart, ChatMessage, ChatTool, ChatToolCall, ChatToolChoice } from '../canonical/chat.js';

type Item = Record<string, unknown>;

const str = (v: unknown): string => (typeof v === 'string' ? v : '');

/** A message item's content as Chat content: text parts joined when there is nothing else, images kept. */
function contentOf(c: unknown): string | ChatContentPart[] {
  if (typeof c === 'string') return c;
  if (!Array.isArray(c)) return '';
  const parts: ChatContentPart[] = [];
  for (const p of c as Item[]) {
    if (p === null || typeof p !== 'object') continue;
    if (p['type'] === 'input_text' || p['type'] === 'output_text' || p['type'] === 'text') parts.push({ type: 'text', text: str(p['text']) });
    else if (p['type'] === 'input_image' && typeof p['image_url'] === 'string') parts.push({ type: 'image_url', image_url: { url: p['image_url'], ...(typeof p['detail'] === 'string' ? { detail: p['detail'] } : {}) } });
  }
  return parts.every((p) => p.type === 'text') ? parts.map((p) => (p.type === 'text' ? p.text : '')).join('') : parts;
}

function textOnly(c: string | ChatContentPart[]): string {
  return typeof c === 'string' ? c : c.map((p) => (p.type === 'text' ? p.text : '')).join('');
}

/** The input items as Chat messages: consecutive `function_call` items join one assistant message. */
function messagesOf(input: unknown): ChatMessage[] {
  if (typeof input === 'string') return [{ role: 'user', content: input }];
  const out: ChatMessage[] = [];
  let calls: ChatToolCall[] | undefined;
  const flush = (): void => {
    if (calls !== undefined) out.push({ role: 'assistant', content: null, tool_calls: calls });
    calls = undefined;
  };
  for (const it of Array.isArray(input) ? (input as Item[]) : []) {
    if (it === null || typeof it !== 'object') continue;
    if (it['type'] === 'function_call') {
      (calls ??= []).push({ id: str(it['call_id']), type: 'function', function: { name: str(it['name']), arguments: str(it['arguments']) } });
      continue;
    }
    flush();
    if (it['type'] === 'function_call_output') {
      const o = it['output'];
      out.push({ role: 'tool', tool_call_id: str(it['call_id']), content: typeof o === 'string' ? o : textOnly(contentOf(o)) });
      continue;
    }
    if (it['type'] !== undefined && it['type'] !== 'message') continue; // reasoning items and the like
    const role = it['role'];
    const content = contentOf(it['content']);
    if (role === 'system' || role === 'developer') out.push({ role, content: textOnly(content) });
    else if (role === 'assistant') out.push({ role: 'assistant', content: textOnly(content) });
    else if (role === 'user') out.push({ role: 'user', content });
  }
  flush();
  return out;
}

function toolsOf(v: unknown): ChatTool[] | undefined {
  if (!Array.isArray(v)) return undefined;
  const out: ChatTool[] = [];
  for (const t of v as Item[]) {
    // Built-in tools (web search, file search, computer use) run at OpenAI and have no Chat equivalent.
    if (t === null || typeof t !== 'object' || t['type'] !== 'function' || typeof t['name'] !== 'string') continue;
    const p = t['parameters'];
    out.push({ type: 'function', function: { name: t['name'], ...(typeof t['description'] === 'string' ? { description: t['description'] } : {}), ...(p !== null && typeof p === 'object' ? { parameters: p as Record<string, unknown> } : {}) } });
  }
  return out.length > 0 ? out : undefined;
}

function toolChoiceOf(v: unknown): ChatToolChoice | undefined {
  if (v === 'auto' || v === 'none' || v === 'required') return v;
  const o = v as Item | null | undefined;
  return o?.['type'] === 'function' && typeof o['name'] === 'string' ? { type: 'function', function: { name: o['name'] } } : undefined;
}

/** A Responses request as a Chat Completions body, or why it cannot be served statelessly. */
export type ResponsesRequestResult = { readonly ok: true; readonly body: Record<string, unknown> } | { readonly ok: false; readonly message: string };

/**
 * An OpenAI Responses request as a Chat Completions request: `instructions` → a system message; input messages,
 * `function_call` and `function_call_output` items → messages, tool calls and tool messages; function tools,
 * `tool_choice`, `max_output_tokens`, sampling and `user` carried over; a stream asks for usage. The gateway
 * keeps no conversation state, so `previous_response_id` is refused: the caller sends the whole input (as
 * Codex does with `store: false`).
 * @see https://platform.openai.com/docs/api-reference/responses/create
 */
export function chatRequestOfResponses(b: Readonly<Record<string, unknown>>): ResponsesRequestResult {
  if (typeof b['model'] !== 'string' || b['model'] === '') return { ok: false, message: 'model: a model name is required' };
  if (b['previous_response_id'] !== undefined && b['previous_response_id'] !== null) return { ok: false, message: 'previous_response_id is not supported by this gateway: send the whole conversation in input' };
  if (typeof b['input'] !== 'string' && !Array.isArray(b['input'])) return { ok: false, message: 'input: a string or an array of items is required' };
  const messages = messagesOf(b['input']);
  if (typeof b['instructions'] === 'string' && b['instructions'] !== '') messages.unshift({ role: 'system', content: b['instructions'] });
  const body: Record<string, unknown> = { model: b['model'], messages };
  if (typeof b['max_output_tokens'] === 'number') body['max_tokens'] = b['max_output_tokens'];
  for (const k of ['temperature', 'top_p', 'parallel_tool_calls', 'user'] as const) if (b[k] !== undefined && b[k] !== null) body[k] = b[k];
  const tools = toolsOf(b['tools']);
  if (tools !== undefined) {
    body['tools'] = tools;
    const choice = toolChoiceOf(b['tool_choice']);
    if (choice !== undefined) body['tool_choice'] = choice;
  }
  if (b['stream'] === true) {
    body['stream'] = true;
    body['stream_options'] = { include_usage: true };
  }
  return { ok: true, body };
}
