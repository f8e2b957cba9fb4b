import type { ChatContentPart, ChatMessage, ChatRequest, ChatTextPart, ChatTool, ChatToolCall, ChatToolChoice } from '../canonical/chat.js';

interface Block {
  readonly type?: unknown;
  readonly text?: unknown;
  readonly thinking?: unknown;
  readonly source?: { readonly type?: unknown; readonly media_type?: unknown; readonly data?: unknown; readonly url?: unknown };
  readonly id?: unknown;
  readonly name?: unknown;
  readonly input?: unknown;
  readonly tool_use_id?: unknown;
  readonly content?: unknown;
  readonly is_error?: unknown;
}

const str = (v: unknown): string => (typeof v === 'string' ? v : '');

function blocks(content: unknown): readonly Block[] {
  if (typeof content === 'string') return [{ type: 'text', text: content }];
  return Array.isArray(content) ? (content as unknown[]).filter((b): b is Block => b !== null && typeof b === 'object') : [];
}

/** The text of a `system` or `tool_result` content (a string or blocks; non-text blocks are left out). */
function textOf(content: unknown): string {
  return blocks(content)
    .map((b) => (b.type === 'text' ? str(b.text) : ''))
    .join('');
}

function imagePart(b: Block): ChatContentPart | undefined {
  const s = b.source;
  if (s?.type === 'base64' && typeof s.media_type === 'string' && typeof s.data === 'string') return { type: 'image_url', image_url: { url: `data:${s.media_type};base64,${s.data}` } };
  if (s?.type === 'url' && typeof s.url === 'string') return { type: 'image_url', image_url: { url: s.url } };
  return undefined;
}

/** One Anthropic user turn: its tool results first, as `tool` messages (they must follow the calls), then the rest. */
function userMessages(content: unknown): ChatMessage[] {
  const out: ChatMessage[] = [];
  const parts: ChatContentPart[] = [];
  for (const b of blocks(content)) {
    if (b.type === 'tool_result') {
      const text = textOf(b.content);
      out.push({ role: 'tool', tool_call_id: str(b.tool_use_id), content: b.is_error === true && text === '' ? 'error' : text });
    } else if (b.type === 'text') parts.push({ type: 'text', text: str(b.text) });
    else if (b.type === 'image') {
      const p = imagePart(b);
      if (p !== undefined) parts.push(p);
    }
  }
  if (parts.length > 0) out.push({ role: 'user', content: parts.every((p) => p.type === 'text') ? parts.map((p) => (p as ChatTextPart).text).join('') : parts });
  return out;
}

function assistantMessage(content: unknown): ChatMessage | undefined {
  let text = '';
  let reasoning: string | undefined;
  const calls: ChatToolCall[] = [];
  for (const b of blocks(content)) {
    if (b.type === 'text') text += str(b.text);
    else if (b.type === 'thinking') reasoning = (reasoning ?? '') + str(b.thinking);
    else if (b.type === 'tool_use') calls.push({ id: str(b.id), type: 'function', function: { name: str(b.name), arguments: JSON.stringify(b.input ?? {}) } });
  }
  if (text === '' && calls.length === 0) return undefined;
  return { role: 'assistant', content: text === '' ? null : text, ...(calls.length > 0 ? { tool_calls: calls } : {}), ...(reasoning === undefined ? {} : { reasoning_content: reasoning }) };
}

function tools(v: unknown): ChatTool[] | undefined {
  if (!Array.isArray(v)) return undefined;
  const out: ChatTool[] = [];
  for (const t of v as Record<string, unknown>[]) {
    // Anthropic's server tools (web search, code execution: a `type` other than `custom`) have no equivalent.
    if (t === null || typeof t !== 'object' || typeof t['name'] !== 'string' || (t['type'] !== undefined && t['type'] !== 'custom')) continue;
    const schema = t['input_schema'];
    out.push({
      type: 'function',
      function: {
        name: t['name'],
        ...(typeof t['description'] === 'string' ? { description: t['description'] } : {}),
        ...(schema !== null && typeof schema === 'object' ? { parameters: schema as Record<string, unknown> } : {}),
      },
    });
  }
  return out.length > 0 ? out : undefined;
}

function toolChoice(v: unknown): ChatToolChoice | undefined {
  const c = v as Record<string, unknown> | undefined;
  switch (c?.['type']) {
    case 'auto':
      return 'auto';
    case 'any':
      return 'required';
    case 'none':
      return 'none';
    case 'tool':
      return typeof c['name'] === 'string' ? { type: 'function', function: { name: c['name'] } } : undefined;
    default:
      return undefined;
  }
}

/**
 * An Anthropic Messages request as the canonical (Chat Completions) one: `system` (and the `role: "system"`
 * entries Claude Code puts in `messages`) become system messages; `tool_use` blocks become `tool_calls`,
 * `tool_result` blocks `tool` messages; images become `image_url` parts; thinking blocks ride as
 * `reasoning_content`; `stop_sequences` become `stop`, `metadata.user_id` becomes `user`. Fields with no
 * equivalent (`top_k`, `thinking`, cache control, server tools) are dropped.
 * @see https://docs.anthropic.com/en/api/messages
 */
export function chatRequestOfAnthropic(body: Readonly<Record<string, unknown>>): ChatRequest {
  const messages: ChatMessage[] = [];
  const system = body['system'];
  if (system !== undefined && textOf(system) !== '') messages.push({ role: 'system', content: textOf(system) });
  const input = Array.isArray(body['messages']) ? (body['messages'] as Record<string, unknown>[]) : [];
  for (const m of input) {
    if (m === null || typeof m !== 'object') continue;
    if (m['role'] === 'system') messages.push({ role: 'system', content: textOf(m['content']) });
    else if (m['role'] === 'assistant') {
      const a = assistantMessage(m['content']);
      if (a !== undefined) messages.push(a);
    } else messages.push(...userMessages(m['content']));
  }
  const req: Record<string, unknown> = { model: str(body['model']), messages };
  if (typeof body['max_tokens'] === 'number') req['max_tokens'] = body['max_tokens'];
  for (const k of ['temperature', 'top_p'] as const) if (typeof body[k] === 'number') req[k] = body[k];
  if (Array.isArray(body['stop_sequences']) && body['stop_sequences'].length > 0) req['stop'] = body['stop_sequences'];
  if (body['stream'] === true) req['stream'] = true;
  const t = tools(body['tools']);
  if (t !== undefined) {
    req['tools'] = t;
    const c = toolChoice(body['tool_choice']);
    if (c !== undefined) req['tool_choice'] = c;
    if ((body['tool_choice'] as Record<string, unknown> | undefined)?.['disable_parallel_tool_use'] === true) req['parallel_tool_calls'] = false;
  }
  const user = (body['metadata'] as Record<string, unknown> | undefined)?.['user_id'];
  if (typeof user === 'string' && user !== '') req['user'] = user.slice(0, 256);
  return req as ChatRequest;
}
