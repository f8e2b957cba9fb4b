/**
 * Builds `WWW-Authenticate: Bearer …` challenges (RFC 6750 §3) carrying the protected resource metadata URL
 * (RFC 9728 §5.1), as the MCP authorization spec requires on every 401.
 * @see https://www.rfc-editor.org/rfc/rfc9728#section-5.1
 */
export interface Challenge {
  /** RFC 6750 error: absent when the request carried no credential at all (§3.1). */
  readonly error?: 'invalid_request' | 'invalid_token' | 'insufficient_scope' | undefined;
  /** Sent only with `error`. */
  readonly description?: string | undefined;
  /** Space-separated scopes needed, for `insufficient_scope`. */
  readonly scope?: string | undefined;
  readonly resourceMetadata: string;
}

/** The header value for a challenge. Quoted strings are escaped; control characters dropped. */
export function wwwAuthenticate(c: Challenge): string {
  const params: string[] = [];
  // RFC 6750 §3.1: a request with no credential gets no error code, so no description either.
  if (c.error !== undefined) {
    params.push(`error="${c.error}"`);
    if (c.description !== undefined) params.push(`error_description="${quote(c.description)}"`);
  }
  if (c.scope !== undefined) params.push(`scope="${quote(c.scope)}"`);
  params.push(`resource_metadata="${quote(c.resourceMetadata)}"`);
  return `Bearer ${params.join(', ')}`;
}

/** Anything outside RFC 6750's %x20-21 / %x23-5B / %x5D-7E. */
const UNSAFE = /[^\x20\x21\x23-\x5b\x5d-\x7e]/g;

function quote(s: string): string {
  // RFC 6750 limits error_description to %x20-21 / %x23-5B / %x5D-7E: no quote, no backslash.
  return s.replace(UNSAFE, '');
}
