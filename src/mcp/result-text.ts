import type { CallToolResult } from '@modelcontextprotocol/sdk/types.js';
import type { Redaction } from '../core/index.js';

/** Characters of a result the engine inspects; the rest passes unscanned (bounded like every buffer). */
const MAX_TEXT = 1 << 20;

/**
 * The text of a tool result as the engine sees it: text parts and embedded text resources joined by newlines,
 * then `structuredContent` as JSON. Returns the parts, so redactions can be mapped back.
 */
export function resultParts(r: CallToolResult): string[] {
  const parts: string[] = [];
  for (const c of r.content ?? []) {
    if (c.type === 'text') parts.push(c.text);
    else if (c.type === 'resource' && 'text' in c.resource && typeof c.resource.text === 'string') parts.push(c.resource.text);
    else parts.push('');
  }
  if (r.structuredContent !== undefined) parts.push(JSON.stringify(r.structuredContent));
  return parts;
}

/** `resultParts` joined, as the `tool.result` event's content. */
export function joinParts(parts: readonly string[]): string {
  const s = parts.join('\n');
  return s.length > MAX_TEXT ? s.slice(0, MAX_TEXT) : s;
}

function redactOne(text: string, offset: number, redactions: readonly Redaction[]): string {
  // Right to left, so earlier offsets stay valid.
  const mine = redactions
    .filter((r) => r.arg === undefined && r.end > offset && r.start < offset + text.length)
    .sort((a, b) => b.start - a.start);
  let out = text;
  for (const r of mine) {
    const s = Math.max(0, r.start - offset);
    const e = Math.min(text.length, r.end - offset);
    out = out.slice(0, s) + r.replacement + out.slice(e);
  }
  return out;
}

/**
 * Applies the engine's redactions (spans over `joinParts(texts)`) to each text. A text no span touches is
 * returned as it was (the same string), so a caller rebuilds only the parts that changed.
 */
export function redactTexts(texts: readonly string[], redactions: readonly Redaction[]): string[] {
  let offset = 0;
  return texts.map((text) => {
    const at = offset;
    offset += text.length + 1;
    return text === '' ? text : redactOne(text, at, redactions);
  });
}

/**
 * Applies the engine's redactions (spans over `joinParts`) to a result before it reaches the client. Text
 * parts are rewritten in place; structured content that needed a redaction is re-parsed from its redacted JSON,
 * or dropped when that no longer parses.
 */
export function redactResult(r: CallToolResult, redactions: readonly Redaction[]): CallToolResult {
  const parts = resultParts(r);
  const red = redactTexts(parts, redactions);
  const content = (r.content ?? []).map((c, i) => {
    const text = red[i];
    if (text === undefined || text === parts[i]) return c;
    if (c.type === 'text') return { ...c, text };
    if (c.type === 'resource') return { ...c, resource: { ...c.resource, text } };
    return c;
  });
  let structuredContent = r.structuredContent;
  const json = structuredContent === undefined ? undefined : parts[parts.length - 1];
  const redJson = red[red.length - 1];
  if (json !== undefined && redJson !== undefined && redJson !== json) {
    try {
      structuredContent = JSON.parse(redJson) as Record<string, unknown>;
    } catch {
      structuredContent = undefined;
    }
  }
  const out: CallToolResult = { ...r, content };
  if (structuredContent === undefined) delete out.structuredContent;
  else out.structuredContent = structuredContent;
  return out;
}
