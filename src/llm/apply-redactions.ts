import type { Redaction } from '../core/index.js';
import { redactParts, redactText } from './redact-text.js';

/** Redactions a `redact` decision asked for on one tool result of the request, and where that result sits. */
export interface RequestRedaction {
  readonly message: number;
  /** The block inside an Anthropic user message; undefined for an OpenAI `tool` message. */
  readonly block: number | undefined;
  readonly redactions: readonly Redaction[];
}

type Json = Record<string, unknown>;

/** Redacts a tool result's `content`: a string, or an array of parts whose `text` fields were joined. */
function redactContent(content: unknown, redactions: readonly Redaction[]): unknown {
  if (typeof content === 'string') return redactText(content, redactions);
  if (!Array.isArray(content)) return content;
  const parts = content as unknown[];
  const texts: string[] = [];
  const where: number[] = [];
  parts.forEach((p, i) => {
    if (p !== null && typeof p === 'object' && typeof (p as Json)['text'] === 'string') {
      texts.push((p as Json)['text'] as string);
      where.push(i);
    }
  });
  const red = redactParts(texts, redactions);
  const out = [...parts];
  where.forEach((i, k) => (out[i] = { ...(out[i] as Json), text: red[k] }));
  return out;
}

/**
 * Applies the request-side redactions (the default policy redacts secrets in tool output before the model sees
 * them) to a copy of the request body. Everything else in the body is kept as parsed.
 */
export function applyRequestRedactions(body: Json, list: readonly RequestRedaction[]): Json {
  const messages = [...(body['messages'] as unknown[])];
  for (const r of list) {
    const m = messages[r.message] as Json | undefined;
    if (m === undefined) continue;
    if (r.block === undefined) {
      messages[r.message] = { ...m, content: redactContent(m['content'], r.redactions) };
      continue;
    }
    const blocks = [...(m['content'] as Json[])];
    const b = blocks[r.block];
    if (b === undefined) continue;
    blocks[r.block] = { ...b, content: redactContent(b['content'], r.redactions) };
    messages[r.message] = { ...m, content: blocks };
  }
  return { ...body, messages };
}
