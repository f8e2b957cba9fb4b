import type { IncomingHttpHeaders } from 'node:http';

/** The RFC 9728 well-known path; a resource at `/mcp` has its document at this path + `/mcp`. */
export const PROTECTED_RESOURCE_PATH = '/.well-known/oauth-protected-resource';

/** What the metadata document says about this gateway. */
export interface ResourceMetadataOptions {
  /** The issuer of accepted tokens, when OIDC is configured. */
  readonly issuer: string | undefined;
  readonly scopes: readonly string[];
}

/**
 * The RFC 9728 protected resource metadata for the resource at `base + path`. `resource` must equal the URL
 * the client derived the document's location from (§3.3), so each path gets its own document.
 * @see https://www.rfc-editor.org/rfc/rfc9728#section-2
 */
export function resourceMetadata(base: string, path: string, opts: ResourceMetadataOptions): Record<string, unknown> {
  return {
    resource: `${base}${path}`,
    // The MCP spec requires at least one authorization server; with API keys only there is none to name.
    ...(opts.issuer === undefined ? {} : { authorization_servers: [opts.issuer] }),
    bearer_methods_supported: ['header'],
    scopes_supported: opts.scopes,
    resource_name: 'Rampart',
  };
}

/** The metadata URL for the resource at `path` (RFC 9728 §3.1: the well-known segment goes before the path). */
export function resourceMetadataUrl(base: string, path: string): string {
  return `${base}${PROTECTED_RESOURCE_PATH}${path === '/' ? '' : path}`;
}

const HOST = /^[A-Za-z0-9.-]{1,253}(?::\d{1,5})?$|^\[[0-9A-Fa-f:.]{2,45}\](?::\d{1,5})?$/;

/**
 * The base URL clients reach us at: the configured public URL, else `http://` + the Host header when it is a
 * plain host[:port] (anything else, e.g. quotes that would break a header, falls back to `fallback`).
 */
export function requestBase(headers: IncomingHttpHeaders, publicUrl: string | undefined, fallback: string): string {
  if (publicUrl !== undefined) return publicUrl.endsWith('/') ? publicUrl.slice(0, -1) : publicUrl;
  const host = headers.host;
  return host !== undefined && HOST.test(host) ? `http://${host}` : fallback;
}
