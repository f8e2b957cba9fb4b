import type { GetPromptResult, ReadResourceResult } from '@modelcontextprotocol/sdk/types.js';
import type { Capability, Redaction } from '../core/index.js';
import type { ForwardedParams, ForwardedResult } from './forwarded.js';
import { redactTexts } from './result-text.js';

/**
 * The text of a `resources/read` or `prompts/get` result as the engine sees it, one part per item (joined by
 * `joinParts`, like a tool result), and the way back for redactions. Binary items are noted by type and size,
 * never decoded: the detectors read text.
 * @see https://modelcontextprotocol.io/specification/2025-11-25/server/resources#reading-resources
 * @see https://modelcontextprotocol.io/specification/2025-11-25/server/prompts#getting-a-prompt
 */

/** Decoded size of a base64 string, without decoding it. */
function base64Bytes(b64: string): number {
  const pad = b64.endsWith('==') ? 2 : b64.endsWith('=') ? 1 : 0;
  return Math.max(0, Math.floor((b64.length * 3) / 4) - pad);
}

function blobNote(mimeType: string | undefined, b64: string): string {
  return `[binary ${mimeType ?? 'application/octet-stream'}, ${base64Bytes(b64)} bytes]`;
}

type Contents = ReadResourceResult['contents'][number];

function contentsText(c: Contents): string {
  return 'text' in c && typeof c.text === 'string' ? c.text : 'blob' in c && typeof c.blob === 'string' ? blobNote(c.mimeType, c.blob) : '';
}

/** One part per item of `contents`: its text, or a note of a blob's size. */
export function readParts(r: ReadResourceResult): string[] {
  return r.contents.map(contentsText);
}

/** Applies redactions (spans over `joinParts(readParts(r))`) to the text items; blobs pass as they are. */
export function redactRead(r: ReadResourceResult, redactions: readonly Redaction[]): ReadResourceResult {
  const parts = readParts(r);
  const red = redactTexts(parts, redactions);
  const contents = r.contents.map((c, i) => {
    const text = red[i];
    return text === undefined || text === parts[i] || !('text' in c) ? c : { ...c, text };
  });
  return { ...r, contents };
}

type PromptContent = GetPromptResult['messages'][number]['content'];

function promptText(c: PromptContent): string {
  switch (c.type) {
    case 'text':
      return c.text;
    case 'image':
    case 'audio':
      return blobNote(c.mimeType, c.data);
    case 'resource':
      return contentsText(c.resource);
    case 'resource_link':
      return '';
  }
}

/** The description first, then one part per message: its text, an embedded resource's text, or a note. */
export function promptParts(r: GetPromptResult): string[] {
  return [r.description ?? '', ...r.messages.map((m) => promptText(m.content))];
}

/** Applies redactions (spans over `joinParts(promptParts(r))`) to the description and the text messages. */
export function redactPrompt(r: GetPromptResult, redactions: readonly Redaction[]): GetPromptResult {
  const parts = promptParts(r);
  const red = redactTexts(parts, redactions);
  const messages = r.messages.map((m, i) => {
    const text = red[i + 1];
    if (text === undefined || text === parts[i + 1]) return m;
    const c = m.content;
    if (c.type === 'text') return { ...m, content: { ...c, text } };
    if (c.type === 'resource' && 'text' in c.resource) return { ...m, content: { ...c, resource: { ...c.resource, text } } };
    return m;
  });
  const out: GetPromptResult = { ...r, messages };
  if (r.description !== undefined && red[0] !== undefined) out.description = red[0];
  return out;
}

/** The forwarded requests whose result is content the model reads, governed like a read-only tool call. */
export type ContentMethod = 'resources/read' | 'prompts/get';

/** How one content request looks to the engine: its arguments, its result's text, and its redaction. */
export interface ContentRead<M extends ContentMethod> {
  readonly args: (params: ForwardedParams<M>) => Record<string, unknown>;
  readonly parts: (result: ForwardedResult<M>) => string[];
  readonly redact: (result: ForwardedResult<M>, redactions: readonly Redaction[]) => ForwardedResult<M>;
}

export const CONTENT_READS: { readonly [M in ContentMethod]: ContentRead<M> } = {
  'resources/read': { args: (p) => ({ uri: p.uri }), parts: readParts, redact: redactRead },
  'prompts/get': { args: (p) => ({ name: p.name, arguments: p.arguments ?? {} }), parts: promptParts, redact: redactPrompt },
};

/**
 * What reading a resource or a prompt from an upstream does: brings in private data that a third party may
 * have written. Configuration (`tools: { "<server>/resources/read": … }` or `"<server>/*"`) overrides this
 * and can vouch for the content (`trusted: true`), as for any tool.
 */
export const CONTENT_CAPABILITIES: readonly Capability[] = Object.freeze(['reads-private', 'reads-untrusted']);
