import { createHash } from 'node:crypto';
import type { IncomingHttpHeaders } from 'node:http';
import type { WireFormat } from '../wire-format.js';

/**
 * JSON with object keys sorted at every level, so two requests that differ only in key order share a key.
 * Arrays keep their order (message order is meaning).
 */
export function canonicalJson(v: unknown): string {
  if (v === null || typeof v !== 'object') return JSON.stringify(v) ?? 'null';
  if (Array.isArray(v)) return `[${v.map(canonicalJson).join(',')}]`;
  const o = v as Record<string, unknown>;
  const keys = Object.keys(o).filter((k) => o[k] !== undefined).sort();
  return `{${keys.map((k) => `${JSON.stringify(k)}:${canonicalJson(o[k])}`).join(',')}}`;
}

/** Credentials a caller may send that reach the provider when no key is configured for it. */
const CREDENTIAL_HEADERS = ['authorization', 'x-api-key', 'api-key'] as const;
/** Request headers that change what a provider answers (API version, beta features). */
const VARYING_HEADERS = ['anthropic-version', 'anthropic-beta', 'openai-beta'] as const;

function header(h: IncomingHttpHeaders, name: string): string {
  const v = h[name];
  return v === undefined ? '' : Array.isArray(v) ? v.join(',') : v;
}

/**
 * Who a cache entry belongs to: the authenticated user, plus a hash of any provider credential the caller sent
 * (in pass-through mode two callers with their own keys are two tenants even if both are `local`). Rampart
 * credentials are removed from the headers before this point, so an identity's entries do not depend on which of
 * its keys it used.
 */
export function cacheScope(user: string | undefined, headers: IncomingHttpHeaders): string {
  let creds = '';
  for (const h of CREDENTIAL_HEADERS) creds += `${header(headers, h)}\n`;
  const scope = `u:${user ?? ''}`;
  return creds.length === CREDENTIAL_HEADERS.length ? scope : `${scope}\nc:${createHash('sha256').update(creds).digest('base64url')}`;
}

/** Everything that must be equal for two requests to share an answer, apart from the body. */
export interface KeyContext {
  readonly scope: string;
  readonly format: WireFormat;
  readonly path: string;
  /** The route the request resolved to (`llm.models[i]`): conditional routes send the same model elsewhere. */
  readonly routeId: string;
  readonly headers: IncomingHttpHeaders;
}

/** SHA-256 of the scope, format, path, route, varying headers and `canonicalBody`: the exact-cache key. */
export function cacheKey(k: KeyContext, canonicalBody: string): string {
  const h = createHash('sha256');
  h.update(`${k.scope}\n${k.format}\n${k.path}\n${k.routeId}\n`);
  for (const name of VARYING_HEADERS) h.update(`${header(k.headers, name)}\n`);
  return h.update(canonicalBody).digest('base64url');
}

/** The last user message's text and the rest of the request, for the semantic cache. */
export interface SemanticParts {
  readonly text: string;
  /** The canonical body with that message's content replaced by a placeholder. */
  readonly rest: string;
}

function textOf(content: unknown): string | undefined {
  if (typeof content === 'string') return content;
  if (!Array.isArray(content)) return undefined;
  let out = '';
  for (const part of content as unknown[]) {
    if (part === null || typeof part !== 'object') return undefined;
    const p = part as { type?: unknown; text?: unknown };
    // Images, files, audio and tool results are not text: such a turn is only cached exactly.
    if (p.type !== 'text' || typeof p.text !== 'string') return undefined;
    out += out === '' ? p.text : `\n${p.text}`;
  }
  return out;
}

function carriesToolResult(m: { role?: unknown; content?: unknown }): boolean {
  if (m.role === 'tool' || m.role === 'function') return true;
  return Array.isArray(m.content) && (m.content as unknown[]).some((b) => b !== null && typeof b === 'object' && (b as { type?: unknown }).type === 'tool_result');
}

/**
 * Splits a request for semantic matching, or undefined when it must not be matched by meaning: the request
 * carries a tool result anywhere (an agent's tool turn depends on exact data), or its last message is not a
 * user message made of text.
 */
export function semanticParts(body: Readonly<Record<string, unknown>>): SemanticParts | undefined {
  const messages = body['messages'];
  if (!Array.isArray(messages) || messages.length === 0) return undefined;
  for (const m of messages as unknown[]) {
    if (m === null || typeof m !== 'object' || carriesToolResult(m as { role?: unknown })) return undefined;
  }
  const last = messages[messages.length - 1] as { role?: unknown; content?: unknown };
  if (last.role !== 'user') return undefined;
  const text = textOf(last.content);
  if (text === undefined || text.trim() === '') return undefined;
  const rest = canonicalJson({ ...body, messages: [...messages.slice(0, -1), { ...last, content: '\u0000last-user-message' }] });
  return { text, rest };
}
