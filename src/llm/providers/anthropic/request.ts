import type { ChatContentPart, ChatMessage, ChatRequest, ChatTextPart, ChatToolChoice } from '../../canonical/chat.js';

/** Anthropic requires `max_tokens`; OpenAI callers often send none. */
export const DEFAULT_MAX_TOKENS = 4096;

type Block = Record<string, unknown>;
interface Turn {
  readonly role: 'user' | 'assistant';
  readonly content: Block[];
}

const DATA_URL = /^data:([^;,]+);base64,(.*)$/s;

function textOf(c: string | readonly ChatTextPart[] | null | undefined): string {
  if (c === null || c === undefined) return '';
  return typeof c === 'string' ? c : c.map((p) => p.text).join('');
}

function partBlock(p: ChatContentPart): Block {
  if (p.type === 'text') return { type: 'text', text: p.text };
  const m = DATA_URL.exec(p.image_url.url);
  return m === null ? { type: 'image', source: { type: 'url', url: p.image_url.url } } : { type: 'image', source: { type: 'base64', media_type: m[1], data: m[2] } };
}

function args(text: string): unknown {
  try {
    const v: unknown = JSON.parse(text === '' ? '{}' : text);
    return v !== null && typeof v === 'object' && !Array.isArray(v) ? v : { value: v };
  } catch {
    // A model's malformed arguments, sent back in history: keep the text rather than fail the request.
    return { raw: text };
  }
}

/** The blocks of one canonical message, with the role it takes in Messages (tool results are user turns). */
type TurnMessage = Exclude<ChatMessage, { readonly role: 'system' | 'developer' }>;

function blocksOf(m: TurnMessage): Turn {
  switch (m.role) {
    case 'user':
      return { role: 'user', content: typeof m.content === 'string' ? [{ type: 'text', text: m.content }] : m.content.map(partBlock) };
    case 'tool':
      return { role: 'user', content: [{ type: 'tool_result', tool_use_id: m.tool_call_id, content: textOf(m.content) }] };
    case 'assistant': {
      const content: Block[] = [];
      const text = textOf(m.content);
      if (text !== '') content.push({ type: 'text', text });
      for (const c of m.tool_calls ?? []) content.push({ type: 'tool_use', id: c.id, name: c.function.name, input: args(c.function.arguments) });
      return { role: 'assistant', content };
    }
  }
}

function toolChoice(c: ChatToolChoice, parallel: unknown): Block {
  const off = parallel === false ? { disable_parallel_tool_use: true } : {};
  if (typeof c !== 'string') return { type: 'tool', name: c.function.name, ...off };
  switch (c) {
    case 'auto':
      return { type: 'auto', ...off };
    case 'required':
      return { type: 'any', ...off };
    case 'none':
      return { type: 'none' };
  }
}

/**
 * A canonical request as an Anthropic Messages body: system and developer messages join `system`; tool calls
 * become `tool_use` blocks and tool messages `tool_result` blocks in a user turn; consecutive turns of one role
 * merge (Messages alternates roles); images become base64 or URL sources; `max_tokens` defaults to
 * `DEFAULT_MAX_TOKENS`; `stop` becomes `stop_sequences`; `user` becomes `metadata.user_id`. Assistant
 * `reasoning_content` is not sent: a thinking block without its signature would be refused.
 * @see https://docs.anthropic.com/en/api/messages
 */
export function anthropicRequest(req: ChatRequest, o: { readonly model: string; readonly stream: boolean }): Record<string, unknown> {
  const system: string[] = [];
  const turns: Turn[] = [];
  for (const m of req.messages) {
    if (m.role === 'system' || m.role === 'developer') {
      system.push(textOf(m.content));
      continue;
    }
    const t = blocksOf(m as TurnMessage);
    if (t.content.length === 0) continue;
    const last = turns.at(-1);
    if (last !== undefined && last.role === t.role) last.content.push(...t.content);
    else turns.push({ role: t.role, content: [...t.content] });
  }
  const body: Record<string, unknown> = {
    model: o.model,
    messages: turns,
    max_tokens: req.max_completion_tokens ?? req.max_tokens ?? DEFAULT_MAX_TOKENS,
  };
  if (system.length > 0) body['system'] = system.join('\n\n');
  if (req.temperature !== undefined && req.temperature !== null) body['temperature'] = Math.min(req.temperature, 1);
  if (req.top_p !== undefined && req.top_p !== null) body['top_p'] = req.top_p;
  if (req.stop !== undefined && req.stop !== null) body['stop_sequences'] = typeof req.stop === 'string' ? [req.stop] : req.stop;
  if (req.tools !== undefined && req.tools.length > 0) {
    body['tools'] = req.tools.map((t) => ({ name: t.function.name, ...(t.function.description === undefined ? {} : { description: t.function.description }), input_schema: t.function.parameters ?? { type: 'object', properties: {} } }));
  }
  if (req.tool_choice !== undefined) body['tool_choice'] = toolChoice(req.tool_choice, req['parallel_tool_calls']);
  if (typeof req.user === 'string') body['metadata'] = { user_id: req.user };
  if (o.stream) body['stream'] = true;
  return body;
}
