import type { ChatContentPart, ChatMessage, ChatRequest, ChatTextPart, ChatToolChoice, ProviderRequest } from '../../canonical/chat.js';
import { chatFailure } from '../chat-error.js';
import { parseDataUrl } from '../data-url.js';
import { bedrockToolUseId } from './tool-use-id.js';

type Block = Record<string, unknown>;
interface Message {
  readonly role: 'user' | 'assistant';
  readonly content: Block[];
}

/** Image media types Converse takes, by the `format` it names them with. */
const IMAGE_FORMATS: Readonly<Record<string, string>> = { 'image/png': 'png', 'image/jpeg': 'jpeg', 'image/jpg': 'jpeg', 'image/gif': 'gif', 'image/webp': 'webp' };

function image(url: string): Block {
  const d = parseDataUrl(url);
  const format = d === undefined ? undefined : IMAGE_FORMATS[d.mediaType];
  if (d === undefined || format === undefined) throw chatFailure({ status: 400, type: 'invalid_request_error', message: 'Bedrock Converse takes images as base64 data: URLs of PNG, JPEG, GIF or WebP' });
  // JSON carries the blob as base64, the payload of the data: URL as it is.
  return { image: { format, source: { bytes: d.data } } };
}

function blocks(content: string | readonly ChatTextPart[] | readonly ChatContentPart[] | null | undefined): Block[] {
  if (content === null || content === undefined) return [];
  // Converse rejects blank text blocks.
  if (typeof content === 'string') return content === '' ? [] : [{ text: content }];
  return content.flatMap((p): Block[] => (p.type === 'text' ? (p.text === '' ? [] : [{ text: p.text }]) : [image(p.image_url.url)]));
}

function parseInput(text: string): unknown {
  try {
    const v: unknown = JSON.parse(text === '' ? '{}' : text);
    return typeof v === 'object' && v !== null && !Array.isArray(v) ? v : { value: v };
  } catch {
    return { arguments: text };
  }
}

/** Canonical messages → Converse `system` and strictly alternating `messages` (adjacent turns of one role merge). */
function messagesOf(messages: readonly ChatMessage[]): { readonly system: Block[]; readonly out: Message[]; readonly toolBlocks: boolean } {
  const system: Block[] = [];
  const out: Message[] = [];
  let toolBlocks = false;
  const push = (role: Message['role'], content: Block[]): void => {
    if (content.length === 0) return;
    const last = out[out.length - 1];
    if (last?.role === role) last.content.push(...content);
    else out.push({ role, content });
  };
  for (const m of messages) {
    switch (m.role) {
      case 'system':
      case 'developer':
        system.push(...blocks(m.content));
        break;
      case 'user':
        push('user', blocks(m.content));
        break;
      case 'assistant': {
        const content = blocks(m.content);
        for (const tc of m.tool_calls ?? []) content.push({ toolUse: { toolUseId: bedrockToolUseId(tc.id), name: tc.function.name, input: parseInput(tc.function.arguments) } });
        toolBlocks ||= (m.tool_calls?.length ?? 0) > 0;
        push('assistant', content);
        break;
      }
      case 'tool': {
        const text = typeof m.content === 'string' ? m.content : m.content.map((p) => p.text).join('');
        toolBlocks = true;
        // A blank text block is refused, even inside a tool result.
        push('user', [{ toolResult: { toolUseId: bedrockToolUseId(m.tool_call_id), content: [{ text: text === '' ? '(no output)' : text }] } }]);
        break;
      }
    }
  }
  return { system, out, toolBlocks };
}

function toolChoice(choice: ChatToolChoice): Record<string, unknown> | undefined {
  if (typeof choice !== 'string') return { tool: { name: choice.function.name } };
  switch (choice) {
    case 'auto':
      return { auto: {} };
    case 'required':
      return { any: {} };
    case 'none':
      return undefined;
  }
}

function inferenceConfig(req: ChatRequest): Record<string, unknown> | undefined {
  const c: Record<string, unknown> = {};
  const max = req.max_completion_tokens ?? req.max_tokens;
  if (max !== undefined) c['maxTokens'] = max;
  if (req.temperature !== undefined) c['temperature'] = req.temperature;
  if (req.top_p !== undefined) c['topP'] = req.top_p;
  if (req.stop !== undefined) c['stopSequences'] = typeof req.stop === 'string' ? [req.stop] : [...req.stop];
  return Object.keys(c).length === 0 ? undefined : c;
}

/**
 * A canonical request as a Bedrock Converse call: `POST /model/{modelId}/converse` or `/converse-stream`
 * (the model id or ARN path-encoded, `:` included, as the AWS SDK sends it). Converse has no "none" tool
 * choice: with `tool_choice: "none"` the tools are left out, unless the conversation already holds tool
 * blocks (Converse then requires `toolConfig`), where they stay with the default choice. The request is
 * unsigned: pass it to `signBedrock`. Throws a ChatFailure (400) for an image that is not a data: URL.
 * @see https://docs.aws.amazon.com/bedrock/latest/APIReference/API_runtime_Converse.html
 */
export function encodeBedrockRequest(req: ChatRequest, o: { readonly model: string; readonly stream: boolean }): ProviderRequest {
  const { system, out, toolBlocks } = messagesOf(req.messages);
  const body: Record<string, unknown> = { messages: out };
  if (system.length > 0) body['system'] = system;
  const ic = inferenceConfig(req);
  if (ic !== undefined) body['inferenceConfig'] = ic;
  const tools = req.tools ?? [];
  if (tools.length > 0 && (req.tool_choice !== 'none' || toolBlocks)) {
    const toolConfig: Record<string, unknown> = {
      tools: tools.map((t) => ({
        toolSpec: { name: t.function.name, ...(t.function.description === undefined ? {} : { description: t.function.description }), inputSchema: { json: t.function.parameters ?? { type: 'object', properties: {} } } },
      })),
    };
    const choice = req.tool_choice === undefined ? undefined : toolChoice(req.tool_choice);
    if (choice !== undefined) toolConfig['toolChoice'] = choice;
    body['toolConfig'] = toolConfig;
  }
  const path = `/model/${encodeURIComponent(o.model)}/${o.stream ? 'converse-stream' : 'converse'}`;
  return { path, body: JSON.stringify(body), headers: { 'content-type': 'application/json', accept: o.stream ? 'application/vnd.amazon.eventstream' : 'application/json' } };
}
