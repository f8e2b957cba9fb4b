import type { IncomingHttpHeaders } from 'node:http';
import { API_KEY_PREFIX } from './api-key-format.js';

/**
 * The credential a request carries. `Authorization: Bearer` (OAuth 2.1, OpenAI SDKs) or `x-api-key`
 * (Anthropic SDKs, Claude Code). Only `rk_` values are Rampart keys; any other bearer value is a token for
 * OIDC, or, in local mode, a provider key the caller meant for the upstream (ignored here).
 */
export type PresentedCredential =
  | { readonly kind: 'none' }
  | { readonly kind: 'api-key'; readonly value: string }
  | { readonly kind: 'bearer'; readonly value: string }
  | { readonly kind: 'malformed'; readonly reason: string };

/** Client credential headers: never forwarded upstream (MCP authorization: token passthrough is forbidden). */
export const CLIENT_CREDENTIAL_HEADERS: readonly string[] = ['authorization', 'x-api-key', 'proxy-authorization', 'cookie'];

const BEARER = /^Bearer +([\x21-\x7e]+) *$/i;

/** Reads the request's credential; two different credentials in one request are malformed. */
export function presentedCredential(headers: IncomingHttpHeaders): PresentedCredential {
  const auth = headers.authorization;
  const apiKey = headers['x-api-key'];
  let bearer: string | undefined;
  if (auth !== undefined) {
    const m = BEARER.exec(auth);
    if (m === null) return { kind: 'malformed', reason: 'Authorization must be "Bearer <token>"' };
    bearer = m[1];
  }
  const xKey = typeof apiKey === 'string' ? apiKey.trim() : undefined;
  if (Array.isArray(apiKey)) return { kind: 'malformed', reason: 'more than one x-api-key header' };
  const rkBearer = bearer?.startsWith(API_KEY_PREFIX) === true;
  const rkHeader = xKey?.startsWith(API_KEY_PREFIX) === true;
  if (rkBearer && rkHeader && bearer !== xKey) return { kind: 'malformed', reason: 'two different API keys' };
  if (rkBearer && bearer !== undefined) return { kind: 'api-key', value: bearer };
  if (rkHeader && xKey !== undefined) return { kind: 'api-key', value: xKey };
  if (bearer !== undefined) return { kind: 'bearer', value: bearer };
  if (xKey !== undefined && xKey !== '') return { kind: 'bearer', value: xKey };
  return { kind: 'none' };
}
