import type { ChatContentPart, ChatMessage, ChatRequest, ChatTextPart, ChatToolChoice } from '../../canonical/chat.js';
import { parseDataUrl } from '../data-url.js';

/** Anthropic requires `max_tokens`; OpenAI callers often send none. */
export const DEFAULT_MAX_TOKENS = 4096;

type Block = Record<string, unknown>;
interface Turn {
  readonly role: 'user' | 'assistant';
  readonly content: Block[];
}

/** The text of a content; the request is the caller's unvalidated JSON, so anything unexpected counts as none. */
function textOf(c: string | readonly ChatTextPart[] | null | undefined): string {
  if (typeof c === 'string') return c;
  return Array.isArray(c) ? (c as readonly ChatTextPart[]).map((p) => (typeof p?.text === 'string' ? p.text : '')).join('') : '';
}

/** A user content part as a block; parts with no Messages equivalent (audio, files) are left out. */
function partBlock(p: ChatContentPart): Block[] {
  if (p?.type === 'text') return typeof p.text === 'string' ? [{ type: 'text', text: p.text }] : [];
  const url: unknown = p?.type === 'image_url' ? p.image_url?.url : undefined;
  if (typeof url !== 'string') return [];
  const d = parseDataUrl(url);
  return [d === undefined ? { type: 'image', source: { type: 'url', url } } : { type: 'image', source: { type: 'base64', media_type: d.mediaType, data: d.data } }];
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
      return { role: 'user', content: typeof m.content === 'string' ? [{ type: 'text', text: m.content }] : Array.isArray(m.content) ? (m.content as readonly ChatContentPart[]).flatMap(partBlock) : [] };
    case 'tool':
      return { role: 'user', content: [{ type: 'tool_result', tool_use_id: m.tool_call_id, content: textOf(m.content) }] };
    case 'assistant': {
      const content: Block[] = [];
      const text = textOf(m.content);
      if (text !== '') content.push({ type: 'text', text });
      for (const c of Array.isArray(m.tool_calls) ? m.tool_calls : []) {
        if (typeof c?.function?.name !== 'string') continue;
        content.push({ type: 'tool_use', id: c.id, name: c.function.name, input: args(typeof c.function.arguments === 'string' ? c.function.arguments : '') });
      }
      return { role: 'assistant', content };
    }
  }
}

function toolChoice(c: ChatToolChoice, parallel: unknown): Block | undefined {
  const off = parallel === false ? { disable_parallel_tool_use: true } : {};
  if (typeof c !== 'string') return typeof c?.function?.name === 'string' ? { type: 'tool', name: c.function.name, ...off } : undefined;
  switch (c) {
    case 'auto':
      return { type: 'auto', ...off };
    case 'required':
      return { type: 'any', ...off };
    case 'none':
      return { type: 'none' };
    default:
      return undefined;
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
  for (const m of Array.isArray(req.messages) ? req.messages : []) {
    if (m === null || typeof m !== 'object') continue;
    if (m.role === 'system' || m.role === 'developer') {
      system.push(textOf(m.content));
      continue;
    }
    if (m.role !== 'user' && m.role !== 'assistant' && m.role !== 'tool') continue;
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
  // OpenAI's temperature runs to 2, Anthropic's to 1.
  if (typeof req.temperature === 'number') body['temperature'] = Math.min(req.temperature, 1);
  if (typeof req.top_p === 'number') body['top_p'] = req.top_p;
  if (typeof req.stop === 'string' || Array.isArray(req.stop)) body['stop_sequences'] = typeof req.stop === 'string' ? [req.stop] : req.stop;
  if (Array.isArray(req.tools) && req.tools.length > 0) {
    body['tools'] = req.tools.filter((t) => typeof t?.function?.name === 'string').map((t) => ({ name: t.function.name, ...(t.function.description === undefined ? {} : { description: t.function.description }), input_schema: t.function.parameters ?? { type: 'object', properties: {} } }));
  }
  const choice = req.tool_choice === undefined || req.tool_choice === null ? undefined : toolChoice(req.tool_choice, req['parallel_tool_calls']);
  if (choice !== undefined) body['tool_choice'] = choice;
  if (typeof req.user === 'string') body['metadata'] = { user_id: req.user };
  if (o.stream) body['stream'] = true;
  return body;
}
