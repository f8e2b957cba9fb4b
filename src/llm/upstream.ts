import type { IncomingHttpHeaders } from 'node:http';
import { Pool, errors, type Dispatcher } from 'undici';
import type { WireFormat } from './wire-format.js';

/** One provider's upstream, made at startup: a keep-alive pool to its origin and how to authenticate. */
export interface UpstreamTarget {
  readonly id: string;
  readonly format: WireFormat;
  readonly pool: Pool;
  /** Path prefix from the base URL (`/v1` for `https://api.openai.com/v1`), without a trailing slash. */
  readonly basePath: string;
  /** The key attached upstream, or undefined to pass the caller's credentials through. */
  readonly key: string | undefined;
}

/** A provider's configuration, as far as the upstream needs it. */
export interface UpstreamConfig {
  readonly format: WireFormat;
  readonly baseUrl: string;
  readonly apiKey?: string | undefined;
  readonly apiKeyEnv?: string | undefined;
  readonly timeoutMs: number;
  readonly connections: number;
}

/** Builds a provider's pool (one per origin, explicit timeouts: STYLE.md §5) and reads its key. */
export function createUpstream(id: string, c: UpstreamConfig, env: NodeJS.ProcessEnv): UpstreamTarget {
  const u = new URL(c.baseUrl);
  const pool = new Pool(u.origin, {
    connections: c.connections,
    headersTimeout: c.timeoutMs,
    bodyTimeout: c.timeoutMs,
    connectTimeout: Math.min(c.timeoutMs, 10_000),
    keepAliveTimeout: 30_000,
  });
  const key = c.apiKey ?? (c.apiKeyEnv === undefined ? undefined : env[c.apiKeyEnv]);
  return { id, format: c.format, pool, basePath: u.pathname.replace(/\/+$/, ''), key: key === '' ? undefined : key };
}

/** Hop-by-hop and framing headers never forwarded (RFC 9110 §7.6.1), plus ours and those we recompute. */
const DROP = new Set(['host', 'connection', 'keep-alive', 'proxy-connection', 'transfer-encoding', 'te', 'trailer', 'upgrade', 'content-length', 'accept-encoding', 'expect']);

/**
 * The headers sent upstream: the caller's (beta flags, versions, SDK headers pass untouched) minus hop-by-hop
 * ones and `x-rampart-*`; with a configured key, the caller's credentials are replaced by it. `accept-encoding`
 * is dropped so the answer comes uncompressed and can be inspected.
 */
export function upstreamHeaders(t: UpstreamTarget, incoming: IncomingHttpHeaders): Record<string, string | string[]> {
  const out: Record<string, string | string[]> = {};
  for (const name in incoming) {
    const v = incoming[name];
    if (v === undefined || DROP.has(name) || name.startsWith('x-rampart-')) continue;
    if (t.key !== undefined && (name === 'authorization' || name === 'x-api-key')) continue;
    out[name] = v;
  }
  if (t.key !== undefined) {
    if (t.format === 'anthropic') out['x-api-key'] = t.key;
    else out['authorization'] = `Bearer ${t.key}`;
  }
  return out;
}

/** Response headers not copied back to the caller (framing is ours; we may rewrite the body). */
const DROP_BACK = new Set(['connection', 'keep-alive', 'transfer-encoding', 'content-length', 'content-encoding', 'trailer', 'upgrade']);

/** The upstream response headers to send the caller. */
export function callerHeaders(h: IncomingHttpHeaders): Record<string, string | string[]> {
  const out: Record<string, string | string[]> = {};
  for (const name in h) {
    const v = h[name];
    if (v !== undefined && !DROP_BACK.has(name)) out[name] = v;
  }
  return out;
}

/** Why an upstream call failed, as the gateway reports it. */
export type UpstreamFailure = { readonly kind: 'timeout' | 'unreachable' | 'aborted'; readonly message: string };

/** Classifies a thrown undici error without exposing anything beyond its kind and code. */
export function classifyFailure(e: unknown): UpstreamFailure {
  if (e instanceof errors.HeadersTimeoutError || e instanceof errors.BodyTimeoutError || e instanceof errors.ConnectTimeoutError) {
    return { kind: 'timeout', message: 'the upstream provider did not answer in time' };
  }
  if (e instanceof errors.RequestAbortedError || (e instanceof Error && e.name === 'AbortError')) return { kind: 'aborted', message: 'request aborted' };
  const code = e instanceof Error && 'code' in e && typeof e.code === 'string' ? e.code : 'unknown';
  return { kind: 'unreachable', message: `the upstream provider could not be reached (${code})` };
}

/**
 * One POST upstream. Rejects on network failure; the caller classifies it. `timeoutMs` overrides the pool's
 * header and body timeouts for this request (a route target's own timeout).
 */
export function post(t: UpstreamTarget, o: { path: string; headers: Record<string, string | string[]>; body: Buffer | string; signal: AbortSignal; timeoutMs?: number | undefined }): Promise<Dispatcher.ResponseData> {
  if (o.timeoutMs === undefined) return t.pool.request({ path: t.basePath + o.path, method: 'POST', headers: o.headers, body: o.body, signal: o.signal });
  return t.pool.request({ path: t.basePath + o.path, method: 'POST', headers: o.headers, body: o.body, signal: o.signal, headersTimeout: o.timeoutMs, bodyTimeout: o.timeoutMs });
}
