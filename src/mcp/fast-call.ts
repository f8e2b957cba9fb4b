import type { IncomingMessage } from 'node:http';
import { SUPPORTED_PROTOCOL_VERSIONS } from '@modelcontextprotocol/sdk/types.js';

/** A `tools/call` the gateway may answer itself with one JSON response (no progress to stream). */
export interface FastCall {
  readonly id: string | number;
  readonly name: string;
  readonly args: Record<string, unknown>;
}

const SUPPORTED = new Set<string>(SUPPORTED_PROTOCOL_VERSIONS);

function isObject(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

/**
 * The last `Accept` header read and its answer: a client sends the same header on every call, and parsing it
 * (split, trim, lower-case, a regex per parameter) was about 0.5% of the gateway's main thread at c16
 * (bench/mcp.mjs with `GW_PROF`, self time of `acceptsJson`).
 */
let lastAccept: { readonly header: string; readonly json: boolean } = { header: '', json: false };

/** True when an `Accept` header lists `application/json` as a media range (parameters ignored, q=0 refused). */
export function acceptsJson(accept: string | undefined): boolean {
  if (accept === undefined) return false;
  if (accept === lastAccept.header) return lastAccept.json;
  const json = parseAcceptsJson(accept);
  lastAccept = { header: accept, json };
  return json;
}

function parseAcceptsJson(accept: string): boolean {
  for (const range of accept.split(',')) {
    const [type = '', ...params] = range.split(';').map((p) => p.trim().toLowerCase());
    if (type !== 'application/json') continue;
    return !params.some((p) => /^q=0(?:\.0*)?$/.test(p));
  }
  return false;
}

/**
 * Picks out the hot path: a single, well-formed `tools/call` request with no progress token, from a client
 * that accepts JSON and sent a supported protocol version. Such calls skip the SDK transport, whose web-stream
 * bridge and SSE framing cost more than the rest of the gateway together (see bench/mcp.mjs); everything
 * else (initialize, lists, notifications, streamed progress, batches, bad input) goes through the SDK.
 */
export function asFastCall(req: IncomingMessage, body: unknown): FastCall | undefined {
  if (req.method !== 'POST') return undefined;
  const call = toolCallOf(body);
  if (call === undefined || !acceptsJson(req.headers.accept)) return undefined;
  const version = req.headers['mcp-protocol-version'];
  if (version !== undefined && (Array.isArray(version) || !SUPPORTED.has(version))) return undefined;
  return call;
}

/**
 * The transport-free half of `asFastCall`: a single, well-formed JSON-RPC `tools/call` request with no
 * progress token (shared by the HTTP fast path and the stdio wrapper's).
 */
export function toolCallOf(body: unknown): FastCall | undefined {
  if (!isObject(body) || body['method'] !== 'tools/call' || body['jsonrpc'] !== '2.0') return undefined;
  const id = body['id'];
  const params = body['params'];
  if ((typeof id !== 'string' && typeof id !== 'number') || !isObject(params) || typeof params['name'] !== 'string') return undefined;
  const args = params['arguments'] ?? {};
  if (!isObject(args)) return undefined;
  const meta = params['_meta'];
  if (isObject(meta) && meta['progressToken'] !== undefined) return undefined;
  return { id, name: params['name'], args };
}

/**
 * Stricter than `toolCallOf`, for a transport whose SDK path would validate the request (stdio): anything
 * but `name`, `arguments` and a plain `_meta` (a task, an odd `_meta`) is left to the SDK and its errors.
 */
export function plainToolCallOf(body: unknown): FastCall | undefined {
  const call = toolCallOf(body);
  if (call === undefined) return undefined;
  const params = (body as { params: Record<string, unknown> }).params;
  for (const k of Object.keys(params)) if (k !== 'name' && k !== 'arguments' && k !== '_meta') return undefined;
  const meta = params['_meta'];
  return meta === undefined || isObject(meta) ? call : undefined;
}
