import type { ChatContentPart, ChatMessage, ChatRequest, ChatTextPart, ChatToolChoice, ProviderRequest } from '../../canonical/chat.js';
import { parseDataUrl } from '../data-url.js';
import { chatFailure } from '../chat-error.js';
import { geminiParameters, geminiSchema } from './schema.js';
import { splitToolCallId } from './tool-call-id.js';

type Part = Record<string, unknown>;
interface Content {
  readonly role: 'user' | 'model';
  /** Tool results are kept in a content of their own: Gemini pairs one content of responses with the calls. */
  readonly tool: boolean;
  readonly parts: Part[];
}

/** Which Generative Language API version the paths name (`v1beta` carries tools, thinking and system text). */
export type GeminiApiVersion = 'v1beta' | 'v1' | 'v1alpha';

const IMAGE_TYPES: Readonly<Record<string, string>> = { png: 'image/png', jpg: 'image/jpeg', jpeg: 'image/jpeg', gif: 'image/gif', webp: 'image/webp', heic: 'image/heic', heif: 'image/heif' };
/** OpenAI `reasoning_effort` → Gemini 2.5 thinking budget (tokens); Gemini 3 accepts it and maps it to a level. */
const THINKING_BUDGET: Readonly<Record<string, number>> = { none: 0, minimal: 0, low: 1024, medium: 8192, high: 24576 };

function textParts(content: string | readonly ChatTextPart[] | readonly ChatContentPart[] | null | undefined): Part[] {
  if (content === null || content === undefined) return [];
  if (typeof content === 'string') return content === '' ? [] : [{ text: content }];
  const out: Part[] = [];
  for (const p of content) {
    if (p.type === 'text') {
      if (p.text !== '') out.push({ text: p.text });
      continue;
    }
    const url = p.image_url.url;
    const data = parseDataUrl(url);
    if (data !== undefined) {
      out.push({ inlineData: { mimeType: data.mediaType, data: data.data } });
    } else {
      // A URL Gemini fetches itself; it needs a media type, guessed from the extension.
      const ext = /\.([a-z0-9]+)(?:[?#]|$)/i.exec(url)?.[1]?.toLowerCase() ?? '';
      out.push({ fileData: { mimeType: IMAGE_TYPES[ext] ?? 'image/jpeg', fileUri: url } });
    }
  }
  return out;
}

function parseArgs(text: string): Record<string, unknown> {
  try {
    const v: unknown = JSON.parse(text === '' ? '{}' : text);
    return typeof v === 'object' && v !== null && !Array.isArray(v) ? (v as Record<string, unknown>) : { value: v };
  } catch {
    // Gemini takes an object only; arguments that are not JSON still reach the model, under one key.
    return { arguments: text };
  }
}

function toolResult(content: string | readonly ChatTextPart[]): string {
  return typeof content === 'string' ? content : content.map((p) => p.text).join('');
}

/** Canonical messages → Gemini `contents` and `systemInstruction` parts, tool ids resolved to function names. */
function contentsOf(messages: readonly ChatMessage[]): { readonly system: Part[]; readonly contents: Content[] } {
  const system: Part[] = [];
  const contents: Content[] = [];
  const names = new Map<string, string>();
  const push = (role: Content['role'], tool: boolean, parts: Part[]): void => {
    if (parts.length === 0) return;
    const last = contents[contents.length - 1];
    if (last !== undefined && last.role === role && last.tool === tool) last.parts.push(...parts);
    else contents.push({ role, tool, parts });
  };
  for (const m of messages) {
    switch (m.role) {
      case 'system':
      case 'developer':
        system.push(...textParts(m.content));
        break;
      case 'user':
        push('user', false, textParts(m.content));
        break;
      case 'assistant': {
        const parts = textParts(m.content);
        for (const tc of m.tool_calls ?? []) {
          names.set(tc.id, tc.function.name);
          // Calls and responses pair up by order and name; ids are not sent (other providers' ids mean nothing here).
          const { signature } = splitToolCallId(tc.id);
          const fc = { name: tc.function.name, args: parseArgs(tc.function.arguments) };
          parts.push(signature === undefined ? { functionCall: fc } : { functionCall: fc, thoughtSignature: signature });
        }
        push('model', false, parts);
        break;
      }
      case 'tool': {
        const name = names.get(m.tool_call_id);
        if (name === undefined) throw chatFailure({ status: 400, type: 'invalid_request_error', message: `tool message answers tool_call_id "${m.tool_call_id}", which no earlier assistant message called` });
        push('user', true, [{ functionResponse: { name, response: { output: toolResult(m.content) } } }]);
        break;
      }
    }
  }
  return { system, contents };
}

function toolConfig(choice: ChatToolChoice): Record<string, unknown> {
  if (typeof choice !== 'string') return { functionCallingConfig: { mode: 'ANY', allowedFunctionNames: [choice.function.name] } };
  switch (choice) {
    case 'none':
      return { functionCallingConfig: { mode: 'NONE' } };
    case 'auto':
      return { functionCallingConfig: { mode: 'AUTO' } };
    case 'required':
      return { functionCallingConfig: { mode: 'ANY' } };
  }
}

function generationConfig(req: ChatRequest): Record<string, unknown> | undefined {
  const g: Record<string, unknown> = {};
  const max = req.max_completion_tokens ?? req.max_tokens;
  if (max !== undefined) g['maxOutputTokens'] = max;
  if (req.temperature !== undefined) g['temperature'] = req.temperature;
  if (req.top_p !== undefined) g['topP'] = req.top_p;
  if (req.stop !== undefined) g['stopSequences'] = typeof req.stop === 'string' ? [req.stop] : [...req.stop];
  if (typeof req['n'] === 'number') g['candidateCount'] = req['n'];
  if (typeof req['seed'] === 'number') g['seed'] = req['seed'];
  if (typeof req['presence_penalty'] === 'number') g['presencePenalty'] = req['presence_penalty'];
  if (typeof req['frequency_penalty'] === 'number') g['frequencyPenalty'] = req['frequency_penalty'];
  const rf = req.response_format;
  if (rf?.['type'] === 'json_object') g['responseMimeType'] = 'application/json';
  else if (rf?.['type'] === 'json_schema') {
    g['responseMimeType'] = 'application/json';
    const schema = (rf['json_schema'] as { schema?: unknown } | undefined)?.schema;
    if (typeof schema === 'object' && schema !== null) g['responseSchema'] = geminiSchema(schema as Record<string, unknown>);
  }
  const effort = req['reasoning_effort'];
  if (typeof effort === 'string' && THINKING_BUDGET[effort] !== undefined) {
    const budget = THINKING_BUDGET[effort];
    g['thinkingConfig'] = budget === 0 ? { thinkingBudget: 0 } : { thinkingBudget: budget, includeThoughts: true };
  }
  return Object.keys(g).length === 0 ? undefined : g;
}

/** Model id as the path names it: `models/gemini-x` and `gemini-x` are the same model. */
function modelPath(model: string): string {
  return encodeURIComponent(model.startsWith('models/') ? model.slice(7) : model);
}

/**
 * A canonical request as a Generative Language API call: `/v1beta/models/{model}:generateContent`, or
 * `:streamGenerateContent?alt=sse` (one `data:` frame per chunk). The API key is not set here: the caller
 * adds `x-goog-api-key` (see `geminiAuthHeaders`), where every credential is attached.
 * Throws a ChatFailure (400) when a tool message answers a call no assistant message made: Gemini needs the
 * function's name, which only that call holds.
 * @see https://ai.google.dev/api/generate-content
 */
export function encodeGeminiRequest(req: ChatRequest, o: { readonly model: string; readonly stream: boolean; readonly apiVersion?: GeminiApiVersion }): ProviderRequest {
  const { system, contents } = contentsOf(req.messages);
  const body: Record<string, unknown> = { contents: contents.map((c) => ({ role: c.role, parts: c.parts })) };
  if (system.length > 0) body['systemInstruction'] = { parts: system };
  if (req.tools !== undefined && req.tools.length > 0) {
    const functionDeclarations = req.tools.map((t) => {
      const params = geminiParameters(t.function.parameters);
      return { name: t.function.name, ...(t.function.description === undefined ? {} : { description: t.function.description }), ...(params === undefined ? {} : { parameters: params }) };
    });
    body['tools'] = [{ functionDeclarations }];
  }
  if (req.tool_choice !== undefined && req.tools !== undefined && req.tools.length > 0) body['toolConfig'] = toolConfig(req.tool_choice);
  const g = generationConfig(req);
  if (g !== undefined) body['generationConfig'] = g;
  const path = `/${o.apiVersion ?? 'v1beta'}/models/${modelPath(o.model)}:${o.stream ? 'streamGenerateContent?alt=sse' : 'generateContent'}`;
  return { path, body: JSON.stringify(body), headers: { 'content-type': 'application/json' } };
}

/** The header that carries a Gemini API key; the caller attaches it, so keys never pass through the codec. */
export const GEMINI_AUTH_HEADER = 'x-goog-api-key';

/** The credential headers of a Gemini call. */
export function geminiAuthHeaders(apiKey: string): Readonly<Record<string, string>> {
  return { [GEMINI_AUTH_HEADER]: apiKey };
}
