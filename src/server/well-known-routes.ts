import type { FastifyInstance } from 'fastify';
import { GatewayError } from '../core/index.js';
import type { Identity } from '../identity/identity.js';
import { PROTECTED_RESOURCE_PATH } from '../identity/protected-resource.js';

/** Resource paths that have a metadata document: the root, the MCP endpoints, the LLM API, the admin API. */
const RESOURCE = /^\/(?:mcp(?:\/[\w.-]{1,128})?|v1|admin)$/;

/**
 * RFC 9728 protected resource metadata: `GET /.well-known/oauth-protected-resource` for the root and the
 * path-suffixed form (`…/mcp`, `…/mcp/<server>`) that MCP clients try first. Public, no authentication.
 * @see https://www.rfc-editor.org/rfc/rfc9728#section-3
 */
export function wellKnownRoutes(app: FastifyInstance, identity: Identity): void {
  app.get(PROTECTED_RESOURCE_PATH, async (req) => identity.metadata(req.headers, ''));
  app.get<{ Params: { '*': string } }>(`${PROTECTED_RESOURCE_PATH}/*`, async (req) => {
    const path = `/${req.params['*']}`;
    if (!RESOURCE.test(path)) throw new GatewayError('NOT_FOUND', `no protected resource at ${path}`);
    return identity.metadata(req.headers, path);
  });
}
