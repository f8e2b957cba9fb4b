/**
 * Resource URIs on views that draw from several servers (the aggregated `/mcp`, virtual servers):
 * `rampart://<server>/<upstream uri>`, the upstream's URI appended as it is.
 *
 * Why a scheme and not a lookup of which server listed a URI: two servers may list the same URI
 * (`file:///README.md`), a URI made from a template was never listed, and a subscription must be routed
 * before anything is read. Why appended and not percent-encoded: a template stays a template
 * (`rampart://fs/file:///{path}` still expands), and the way back is a prefix cut, exact for any URI.
 * Server names never hold `/` (`SERVER_NAME`), so the first `/` after the scheme ends the server.
 */
export const URI_SCHEME = 'rampart://';

/** The URI a client of a multi-server view sees for `uri` on `server` (a URI or a URI template). */
export function exposedUri(server: string, uri: string): string {
  return `${URI_SCHEME}${server}/${uri}`;
}

/** The server and upstream URI behind an exposed URI; `undefined` when it is not one of ours. */
export function upstreamUri(exposed: string): { readonly server: string; readonly uri: string } | undefined {
  if (!exposed.startsWith(URI_SCHEME)) return undefined;
  const slash = exposed.indexOf('/', URI_SCHEME.length);
  if (slash <= URI_SCHEME.length || slash === exposed.length - 1) return undefined;
  return { server: exposed.slice(URI_SCHEME.length, slash), uri: exposed.slice(slash + 1) };
}
