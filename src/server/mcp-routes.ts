import type { FastifyError, FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { ERROR_CODES, GatewayError, type ErrorCode } from '../core/index.js';
import type { McpGateway } from '../mcp/gateway.js';
import { isPrincipal, type Authenticate, type AuthFailure, type Principal } from '../mcp/principal.js';

/** Marks a body that was not JSON; the route answers it with a JSON-RPC parse error (-32700). */
const NOT_JSON = Symbol('not-json');

const FASTIFY_CODES: Readonly<Record<string, ErrorCode>> = {
  FST_ERR_CTP_BODY_TOO_LARGE: 'PAYLOAD_TOO_LARGE',
  FST_ERR_CTP_INVALID_MEDIA_TYPE: 'UNSUPPORTED_MEDIA_TYPE',
  FST_ERR_CTP_EMPTY_JSON_BODY: 'PARSE_ERROR',
  FST_ERR_CTP_INVALID_CONTENT_LENGTH: 'BAD_REQUEST',
};

function rpcError(reply: FastifyReply, code: ErrorCode, message: string): void {
  void reply
    .status(ERROR_CODES[code].http)
    .header('content-type', 'application/json')
    .send({ jsonrpc: '2.0', id: null, error: { code: ERROR_CODES[code].jsonrpc, message } });
}

/** A refused caller: the failure's own status and `WWW-Authenticate` (MCP authorization: RFC 9728 metadata). */
function authError(reply: FastifyReply, f: AuthFailure): void {
  if (f.wwwAuthenticate !== undefined) void reply.header('www-authenticate', f.wwwAuthenticate);
  void reply
    .status(f.status)
    .header('content-type', 'application/json')
    .send({ jsonrpc: '2.0', id: null, error: { code: ERROR_CODES[f.code].jsonrpc, message: f.message } });
}

/**
 * `/mcp` and `/mcp/<server-or-virtual-server>` (Streamable HTTP). Registered as an encapsulated plugin so that
 * its body parser and error handler answer in JSON-RPC, not in the REST error shape of the rest of the app.
 * Checks `Origin` (403 against DNS rebinding) and identity before the MCP gateway sees the request.
 */
export function mcpRoutes(opts: { gateway: McpGateway; authenticate: Authenticate; bodyLimit: number }) {
  return (app: FastifyInstance): Promise<void> => {
    app.removeAllContentTypeParsers();
    app.addContentTypeParser(['application/json'], { parseAs: 'string', bodyLimit: opts.bodyLimit }, (_req, body, done) => {
      try {
        done(null, JSON.parse(body as string));
      } catch {
        done(null, NOT_JSON);
      }
    });
    // Anything else is left unread: the transport answers 415 for a POST that is not JSON.
    app.addContentTypeParser('*', (_req, _payload, done) => done(null, undefined));

    app.setErrorHandler((e: FastifyError, _req, reply) => {
      const code = e instanceof GatewayError ? e.code : (FASTIFY_CODES[e.code] ?? (e.statusCode !== undefined && e.statusCode < 500 ? 'BAD_REQUEST' : 'INTERNAL'));
      rpcError(reply, code, ERROR_CODES[code].http < 500 ? e.message : 'internal error');
    });

    /** The checks every MCP request passes first: Origin (DNS rebinding), a JSON body, then identity. */
    const admit = async (req: FastifyRequest, reply: FastifyReply): Promise<Principal | undefined> => {
      if (!opts.gateway.originAllowed(req.headers.origin)) {
        rpcError(reply, 'FORBIDDEN', `Forbidden: Origin ${req.headers.origin ?? ''} is not allowed`);
        return undefined;
      }
      if (req.body === NOT_JSON) {
        rpcError(reply, 'PARSE_ERROR', 'Parse error: the body is not valid JSON');
        return undefined;
      }
      const who = await opts.authenticate(req.raw);
      if (isPrincipal(who)) {
        req.principal = who;
        return who;
      }
      authError(reply, who);
      return undefined;
    };

    const handler = async (req: FastifyRequest<{ Params: { view?: string } }>, reply: FastifyReply): Promise<void> => {
      const who = await admit(req, reply);
      if (who === undefined) return;
      reply.hijack();
      await opts.gateway.handle({ view: req.params.view ?? '', principal: who, req: req.raw, res: reply.raw, body: req.body });
    };
    for (const url of ['/mcp', '/mcp/:view']) app.route({ method: ['GET', 'POST', 'DELETE'], url, handler });

    // The deprecated HTTP+SSE transport (2024-11-05): GET opens the stream, POST …/messages carries messages.
    const legacy = async (req: FastifyRequest<{ Params: { view?: string }; Querystring: { sessionId?: string } }>, reply: FastifyReply): Promise<void> => {
      const who = await admit(req, reply);
      if (who === undefined) return;
      const view = req.params.view ?? '';
      if (!opts.gateway.hasView(view)) {
        rpcError(reply, 'NOT_FOUND', `no MCP server or virtual server named "${view}"`);
        return;
      }
      reply.hijack();
      if (req.method === 'GET') await opts.gateway.legacy.open({ base: view === '' ? '/mcp-sse' : `/mcp-sse/${view}`, view, principal: who, res: reply.raw });
      else await opts.gateway.legacy.message({ view, principal: who, sessionId: req.query.sessionId, req: req.raw, res: reply.raw, body: req.body });
    };
    app.get('/mcp-sse', legacy);
    app.get('/mcp-sse/:view', legacy);
    app.post('/mcp-sse/messages', legacy);
    app.post('/mcp-sse/:view/messages', legacy);
    return Promise.resolve();
  };
}
