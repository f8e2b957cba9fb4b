import type { WireFormat } from '../wire-format.js';

/** Tokens charged for an inline image or document: Anthropic's ~1,600 for a 1.15-megapixel image; OpenAI's high-detail tiles are similar. */
const ATTACHMENT_TOKENS = 1_600;
/** Characters per token for English text and code (OpenAI's and Anthropic's rule of thumb). */
const CHARS_PER_TOKEN = 4;
/** Per-message framing (role, separators). */
const MESSAGE_TOKENS = 4;
/** Past this depth a body is not a real conversation; stop walking. */
const MAX_DEPTH = 24;

/**
 * A cheap upper-leaning estimate of a request's input tokens, for reserving before it is sent: string content
 * at four characters a token, base64 attachments (Anthropic `source.data`, OpenAI `data:` URLs) at a flat rate
 * rather than their length, plus framing per message. One walk over the parsed body, no tokenizer; the reply's
 * real usage replaces it when the request is settled.
 */
export function estimateInputTokens(body: Readonly<Record<string, unknown>>): number {
  let chars = 0;
  let flat = 0;
  const walk = (v: unknown, key: string, depth: number): void => {
    if (typeof v === 'string') {
      if (key === 'data' || (v.length > 256 && v.startsWith('data:'))) flat += ATTACHMENT_TOKENS;
      else chars += v.length;
      return;
    }
    if (v === null || typeof v !== 'object' || depth > MAX_DEPTH) return;
    if (Array.isArray(v)) {
      for (const x of v) walk(x, key, depth + 1);
      return;
    }
    for (const k in v) walk((v as Record<string, unknown>)[k], k, depth + 1);
  };
  walk(body['system'], 'system', 0);
  walk(body['messages'], 'messages', 0);
  walk(body['tools'], 'tools', 0);
  // Embeddings (and the Responses API) carry their text in `input`.
  walk(body['input'], 'input', 0);
  const messages = body['messages'];
  const framing = Array.isArray(messages) ? messages.length * MESSAGE_TOKENS : 0;
  return Math.ceil(chars / CHARS_PER_TOKEN) + flat + framing;
}

/**
 * The most output tokens a request may produce: Anthropic's required `max_tokens`; OpenAI's
 * `max_completion_tokens`, else the legacy `max_tokens`; else `fallback` (the configured default).
 */
export function maxOutputTokens(format: WireFormat, body: Readonly<Record<string, unknown>>, fallback: number): number {
  const pick = (v: unknown): number | undefined => (typeof v === 'number' && Number.isFinite(v) && v > 0 ? Math.ceil(v) : undefined);
  if (format === 'anthropic') return pick(body['max_tokens']) ?? fallback;
  return pick(body['max_completion_tokens']) ?? pick(body['max_tokens']) ?? fallback;
}
