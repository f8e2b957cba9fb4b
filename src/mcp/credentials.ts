import { AsyncLocalStorage } from 'node:async_hooks';
import type { McpCredentialConfig } from '../config/schema.js';
import { GatewayError } from '../core/index.js';

/**
 * Outbound credentials (issue 4 §4): the gateway, not the client, holds what an upstream server needs. A call
 * runs with the headers of the caller's credential (the user's own, else the server's shared one) in an
 * async context that the upstream transports read when they send; the client's own token never goes
 * upstream. Stdio servers get the server's shared credential as an environment variable at spawn.
 */

/** A credential that shows its value only when asked (the vault's `SecretValue`). */
export interface Secret {
  reveal(): string;
}

/** Where credentials come from: the vault, through a short cache. */
export interface CredentialSource {
  /** The user's own credential for `server`, else the server's shared one, else `undefined`. */
  resolve(server: string, user: string | undefined): Promise<Secret | undefined>;
}

/** Headers of the upstream call running in this async context (read by the HTTP and SSE transports). */
const callHeaders = new AsyncLocalStorage<Readonly<Record<string, string>>>();

/** Runs `fn` with `headers` added to every upstream HTTP request it sends. */
export function withCallHeaders<T>(headers: Readonly<Record<string, string>> | undefined, fn: () => Promise<T>): Promise<T> {
  return headers === undefined ? fn() : callHeaders.run(headers, fn);
}

/** The credential headers of the current call, if any. */
export function currentCallHeaders(): Readonly<Record<string, string>> | undefined {
  return callHeaders.getStore();
}

/**
 * The headers to send for one call to `server` by `user`, or `undefined` when the server takes no header
 * credential. Throws `FORBIDDEN` when the server requires a credential and none is stored.
 */
export async function callCredentialHeaders(
  server: string,
  config: McpCredentialConfig | undefined,
  user: string | undefined,
  source: CredentialSource | undefined,
): Promise<Record<string, string> | undefined> {
  if (config === undefined || config.inject !== 'header') return undefined;
  const secret = source === undefined ? undefined : await source.resolve(server, user);
  if (secret === undefined) {
    if (!config.required) return undefined;
    throw new GatewayError('FORBIDDEN', `MCP server "${server}" needs a credential and none is stored for ${user ?? 'this caller'}; an admin adds one with \`rampart credentials set\``, { expose: true });
  }
  return { [config.header]: `${config.prefix}${secret.reveal()}` };
}

/** Environment for a stdio server: its shared credential under the configured variable. */
export async function spawnCredentialEnv(
  server: string,
  config: McpCredentialConfig | undefined,
  source: CredentialSource | undefined,
): Promise<Record<string, string>> {
  if (config === undefined || config.inject !== 'env') return {};
  const secret = source === undefined ? undefined : await source.resolve(server, undefined);
  if (secret === undefined) {
    if (config.required) throw new GatewayError('FORBIDDEN', `MCP server "${server}" needs a credential in ${config.env} and none is stored`, { expose: true });
    return {};
  }
  return { [config.env]: secret.reveal() };
}
