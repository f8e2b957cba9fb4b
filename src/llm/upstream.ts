import type { IncomingHttpHeaders } from 'node:http';
import type { Readable } from 'node:stream';
import { Pool, errors } from 'undici';
import type { ProviderCodec, ProviderRequest } from './canonical/chat.js';
import type { ProviderFormat } from './provider-format.js';
import { bedrockRuntimeHost, signBedrock } from './providers/bedrock/index.js';
import { codecFor } from './providers/codecs.js';
import { GEMINI_AUTH_HEADER } from './providers/gemini/index.js';
import { azurePath, type AzureDeployment } from './providers/openai/azure-path.js';
import type { CallAbort } from '../core/index.js';

/** One provider's upstream, made at startup: a keep-alive pool to its origin and how to authenticate. */
export interface UpstreamTarget {
  readonly id: string;
  readonly format: ProviderFormat;
  /** How a caller in another format reaches it: canonical request in, canonical replies out. */
  readonly codec: ProviderCodec;
  /** Azure only: deployment paths and their `api-version`. */
  readonly azure: AzureDeployment | undefined;
  readonly pool: Pool;
  /** Path prefix from the base URL (`/v1` for `https://api.openai.com/v1`), without a trailing slash. */
  readonly basePath: string;
  /** The key attached upstream, or undefined to pass the caller's credentials through. */
  readonly key: string | undefined;
  /**
   * Bedrock: signs a translated request (SigV4) and returns every header to send. A closure, so the secret it
   * holds is in no field that could be logged or serialised. Undefined for other formats, and for a Bedrock
   * provider whose credentials are not in the environment (its requests go unsigned and AWS refuses them).
   */
  readonly sign: ((req: ProviderRequest) => Promise<Record<string, string>>) | undefined;
}

/** A provider's configuration, as far as the upstream needs it. */
export interface UpstreamConfig {
  readonly format: ProviderFormat;
  readonly baseUrl: string;
  readonly apiKey?: string | undefined;
  readonly apiKeyEnv?: string | undefined;
  readonly timeoutMs: number;
  readonly connections: number;
  readonly apiVersion?: string | undefined;
  readonly deployment?: string | undefined;
  /** Bedrock: the region signed for. */
  readonly region?: string | undefined;
  /** Bedrock: the environment variables holding the credentials (AWS's usual names when absent). */
  readonly accessKeyIdEnv?: string | undefined;
  readonly secretAccessKeyEnv?: string | undefined;
  readonly sessionTokenEnv?: string | undefined;
}

/** An upstream answer as the response side reads it: undici's, or one translated into the caller's format. */
export interface UpstreamReply {
  readonly statusCode: number;
  readonly headers: IncomingHttpHeaders;
  readonly body: Readable;
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
  const azure = c.format === 'azure' ? { apiVersion: c.apiVersion ?? '', deployment: c.deployment } : undefined;
  const codec = codecFor(c.format, { apiVersion: c.apiVersion, deployment: c.deployment });
  const sign = c.format === 'bedrock' ? bedrockSigner(id, c, u, env) : undefined;
  return { id, format: c.format, codec, azure, pool, basePath: u.pathname.replace(/\/+$/, ''), key: key === '' ? undefined : key, sign };
}

/**
 * A Bedrock provider's signer: credentials read once from the environment (`AWS_ACCESS_KEY_ID`,
 * `AWS_SECRET_ACCESS_KEY`, `AWS_SESSION_TOKEN` unless configured otherwise), signed for the host the request
 * really goes to (the base URL's, so a VPC endpoint or a test server verifies the same signature).
 */
function bedrockSigner(id: string, c: UpstreamConfig, u: URL, env: NodeJS.ProcessEnv): UpstreamTarget['sign'] {
  const idEnv = c.accessKeyIdEnv ?? 'AWS_ACCESS_KEY_ID';
  const secretEnv = c.secretAccessKeyEnv ?? 'AWS_SECRET_ACCESS_KEY';
  const accessKeyId = env[idEnv];
  const secretAccessKey = env[secretEnv];
  const sessionToken = env[c.sessionTokenEnv ?? 'AWS_SESSION_TOKEN'];
  if (accessKeyId === undefined || accessKeyId === '' || secretAccessKey === undefined || secretAccessKey === '') {
    // Names only, never values: the operator learns why every request to it will be refused.
    process.emitWarning(`rampart: bedrock provider "${id}" has no AWS credentials (${idEnv}, ${secretEnv} are not set); its requests go unsigned and AWS will refuse them`);
    return undefined;
  }
  const region = c.region ?? 'us-east-1';
  const host = u.host === '' ? bedrockRuntimeHost(region) : u.host;
  const creds = { accessKeyId, secretAccessKey, ...(sessionToken === undefined || sessionToken === '' ? {} : { sessionToken }) };
  return (req) => signBedrock(req, { ...creds, region, host });
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
  if (t.key !== undefined) attachKey(out, t.format, t.key);
  return out;
}

/**
 * Puts a key where the provider reads it: Anthropic `x-api-key`, Azure `api-key`, Gemini `x-goog-api-key`,
 * else a bearer token. Bedrock takes no key: its requests are signed (`signedHeaders`).
 */
function attachKey(out: Record<string, string | string[]>, format: ProviderFormat, key: string): void {
  switch (format) {
    case 'anthropic':
      out['x-api-key'] = key;
      return;
    case 'azure':
      out['api-key'] = key;
      return;
    case 'openai':
      out['authorization'] = `Bearer ${key}`;
      return;
    case 'gemini':
      out[GEMINI_AUTH_HEADER] = key;
      return;
    case 'bedrock':
      // The configuration admits no key for Bedrock; `signedHeaders` authenticates its requests.
      return;
    default: {
      // A new provider format must say where its key goes (a signed one, such as Bedrock, signs instead).
      const unknownFormat: never = format;
      throw new Error(`no key header for provider format ${String(unknownFormat)}`);
    }
  }
}

/**
 * The headers for a translated request: the codec's own (`content-type`, `anthropic-version`), the caller's
 * `user-agent`, and the provider's configured key. The caller's credentials never cross: a key presented in
 * one provider's format belongs to that provider, and sending an Anthropic key to OpenAI (or back) would hand
 * it to a third party. A provider reached by translation therefore needs its key configured, or none at all
 * (a local server). Nothing else of the caller's crosses either: its beta flags and SDK headers mean nothing
 * to another provider.
 */
export function translatedHeaders(t: UpstreamTarget, incoming: IncomingHttpHeaders, codecHeaders: Readonly<Record<string, string>>): Record<string, string | string[]> {
  const out: Record<string, string | string[]> = { ...codecHeaders };
  const ua = incoming['user-agent'];
  if (ua !== undefined) out['user-agent'] = ua;
  if (t.key !== undefined) attachKey(out, t.format, t.key);
  return out;
}

/**
 * The headers of a translated request ready to send: `translatedHeaders`, then, for a provider that signs
 * (Bedrock), signed over the exact path (base path included) and body that go on the wire, with the signer's
 * `host`, `x-amz-date`, `x-amz-security-token` and `authorization` added. Signed per attempt, so a retry
 * carries a fresh date.
 */
export async function signedHeaders(t: UpstreamTarget, headers: Record<string, string | string[]>, req: ProviderRequest): Promise<Record<string, string | string[]>> {
  if (t.sign === undefined) return headers;
  const flat: Record<string, string> = {};
  for (const [k, v] of Object.entries(headers)) flat[k] = Array.isArray(v) ? v.join(', ') : v;
  return t.sign({ path: t.basePath + req.path, body: req.body, headers: flat });
}

/**
 * The path for a request the provider speaks natively: as given, except on Azure, where a Chat Completions
 * path becomes `/openai/deployments/{deployment}/chat/completions?api-version=…` (the deployment configured,
 * else the target's model name).
 * @see https://learn.microsoft.com/en-us/azure/ai-services/openai/reference
 */
export function nativePath(t: UpstreamTarget, path: string, model: string): string {
  if (t.azure === undefined) return path;
  const q = path.indexOf('?');
  return azurePath(t.azure, q < 0 ? path : path.slice(0, q), model);
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
export async function post(t: UpstreamTarget, o: { path: string; headers: Record<string, string | string[]>; body: Buffer | string; signal: CallAbort; timeoutMs?: number | undefined }): Promise<UpstreamReply> {
  const up =
    o.timeoutMs === undefined
      ? await t.pool.request({ path: t.basePath + o.path, method: 'POST', headers: o.headers, body: o.body, signal: o.signal })
      : await t.pool.request({ path: t.basePath + o.path, method: 'POST', headers: o.headers, body: o.body, signal: o.signal, headersTimeout: o.timeoutMs, bodyTimeout: o.timeoutMs });
  // `x-rampart-*` on an answer are the gateway's word (route, attempts, cache): a provider cannot speak them.
  for (const name in up.headers) if (name.startsWith('x-rampart-')) delete up.headers[name];
  return up;
}
