import type { IncomingMessage, ServerResponse } from 'node:http';
import type { FastifyError, FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { ERROR_CODES, GatewayError, type ErrorCode } from '../core/index.js';
import type { McpGateway } from '../mcp/gateway.js';
import { isPrincipal, type Authenticate, type AuthFailure, type Principal } from '../mcp/principal.js';
import type { FirstHandler } from './serve-first.js';

/** Marks a body that was not JSON; the route answers it with a JSON-RPC parse error (-32700). */
const NOT_JSON = Symbol('not-json');

const FASTIFY_CODES: Readonly<Record<string, ErrorCode>> = {
  FST_ERR_CTP_BODY_TOO_LARGE: 'PAYLOAD_TOO_LARGE',
  FST_ERR_CTP_INVALID_MEDIA_TYPE: 'UNSUPPORTED_MEDIA_TYPE',
  FST_ERR_CTP_EMPTY_JSON_BODY: 'PARSE_ERROR',
  FST_ERR_CTP_INVALID_CONTENT_LENGTH: 'BAD_REQUEST',
};

/** The error table's code for an error the routes did not answer themselves (a framework error, a thrown one). */
function codeOf(e: { readonly code?: unknown; readonly statusCode?: number | undefined }): ErrorCode {
  if (e instanceof GatewayError) return e.code;
  const fastify = typeof e.code === 'string' ? FASTIFY_CODES[e.code] : undefined;
  return fastify ?? (e.statusCode !== undefined && e.statusCode < 500 ? 'BAD_REQUEST' : 'INTERNAL');
}

/** Why a request is refused before identity is asked: a foreign `Origin` (DNS rebinding), or a body that is not JSON. */
function refusal(gateway: McpGateway, req: IncomingMessage, body: unknown): { readonly code: ErrorCode; readonly message: string } | undefined {
  if (!gateway.originAllowed(req.headers.origin)) return { code: 'FORBIDDEN', message: `Forbidden: Origin ${req.headers.origin ?? ''} is not allowed` };
  if (body === NOT_JSON) return { code: 'PARSE_ERROR', message: 'Parse error: the body is not valid JSON' };
  return undefined;
}

/** A JSON-RPC error on the raw response, with the headers the framework's reply writes, in its order. */
function rawRpcError(res: ServerResponse, status: number, jsonrpc: number, message: string, wwwAuthenticate?: string): void {
  const body = JSON.stringify({ jsonrpc: '2.0', id: null, error: { code: jsonrpc, message } });
  const headers: Record<string, string | number> = {};
  if (wwwAuthenticate !== undefined) headers['www-authenticate'] = wwwAuthenticate;
  // The framework adds the charset when it writes an object.
  headers['content-type'] = 'application/json; charset=utf-8';
  headers['content-length'] = Buffer.byteLength(body);
  res.writeHead(status, headers).end(body);
}

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

/** What the MCP routes need. */
export interface McpRoutesOptions {
  readonly gateway: McpGateway;
  readonly authenticate: Authenticate;
  readonly bodyLimit: number;
}

/**
 * `/mcp` and `/mcp/<server-or-virtual-server>` (Streamable HTTP). Registered as an encapsulated plugin so that
 * its body parser and error handler answer in JSON-RPC, not in the REST error shape of the rest of the app.
 * Checks `Origin` (403 against DNS rebinding) and identity before the MCP gateway sees the request.
 */
export function mcpRoutes(opts: McpRoutesOptions) {
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
      const code = codeOf(e);
      rpcError(reply, code, ERROR_CODES[code].http < 500 ? e.message : 'internal error');
    });

    /** The checks every MCP request passes first: Origin (DNS rebinding), a JSON body, then identity. */
    const admit = async (req: FastifyRequest, reply: FastifyReply): Promise<Principal | undefined> => {
      const refused = refusal(opts.gateway, req.raw, req.body);
      if (refused !== undefined) {
        rpcError(reply, refused.code, refused.message);
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

/** What the request log learns of a request the MCP edge served, when its response ends. */
export interface McpEdgeSeen {
  readonly id: string;
  readonly route: string;
  readonly user: string | undefined;
}

/** The view a plain `/mcp` or `/mcp/<view>` path names; `undefined` for any other path (left to the framework). */
function viewOf(url: string): string | undefined {
  if (url === '/mcp') return '';
  return url.startsWith('/mcp/') && VIEW.test(url.slice(5)) ? url.slice(5) : undefined;
}

/** A view as the edge takes it: one path segment with nothing to decode or split off. */
const VIEW = /^[A-Za-z0-9._~-]+$/;

/** Request ids of the edge: their own sequence, apart from the framework's `req-…` ones (as the model edge's `llm-…`). */
let nextId = 0;

/** The body as the framework routes parse it: JSON, else `NOT_JSON`. */
function parseBody(chunks: readonly Buffer[]): unknown {
  const text = chunks.length === 1 ? (chunks[0] as Buffer).toString('utf8') : Buffer.concat(chunks).toString('utf8');
  try {
    return JSON.parse(text) as unknown;
  } catch {
    return NOT_JSON;
  }
}

/**
 * The MCP POSTs on bare `node:http`, ahead of the framework (as the model endpoints' `llmEdge`): a JSON body
 * of a declared length within the bound, to `/mcp` or `/mcp/<view>` with no query. Every `tools/call` is such a
 * request, and the framework's routing, hooks, request and reply objects and promise per stage were about 4% of
 * the gateway's main thread per call at c16 (bench/mcp.mjs with `GW_PROF`: samples under Fastify frames, less the
 * route handler and the body's `JSON.parse`). Answers as the route does, in the same order: Origin, the body,
 * identity, then the gateway; logs the request when it ends. Returns false for everything else, and once the
 * server is closing (the framework answers 503), which the framework routes serve.
 */
export function mcpEdge(app: FastifyInstance, opts: McpRoutesOptions & { readonly watch?: ((req: IncomingMessage, res: ServerResponse, seen: () => McpEdgeSeen) => void) | undefined }): FirstHandler {
  let closing = false;
  app.addHook('preClose', (done) => {
    closing = true;
    done();
  });
  const serve = async (view: string, req: IncomingMessage, res: ServerResponse, body: unknown, admitted: (who: Principal) => void): Promise<void> => {
    const refused = refusal(opts.gateway, req, body);
    if (refused !== undefined) return rawRpcError(res, ERROR_CODES[refused.code].http, ERROR_CODES[refused.code].jsonrpc, refused.message);
    let who: Principal | AuthFailure;
    try {
      who = await opts.authenticate(req);
    } catch (e) {
      // As the route's error handler answers a failure before the reply is hijacked.
      const code = codeOf(e as { code?: unknown; statusCode?: number });
      return rawRpcError(res, ERROR_CODES[code].http, ERROR_CODES[code].jsonrpc, ERROR_CODES[code].http < 500 && e instanceof Error ? e.message : 'internal error');
    }
    if (!isPrincipal(who)) return rawRpcError(res, who.status, ERROR_CODES[who.code].jsonrpc, who.message, who.wwwAuthenticate);
    admitted(who);
    // Past this point the route's reply is hijacked: a failure is the gateway's to answer, as there.
    await opts.gateway.handle({ view, principal: who, req, res, body }).catch(() => undefined);
  };
  return (req, res) => {
    if (req.method !== 'POST' || closing) return false;
    const view = viewOf(req.url ?? '');
    if (view === undefined || req.headers['content-type'] !== 'application/json' || req.headers['transfer-encoding'] !== undefined) return false;
    const length = Number(req.headers['content-length']);
    if (!Number.isInteger(length) || length <= 0 || length > opts.bodyLimit) return false;
    nextId = (nextId + 1) & 0x7fffffff;
    const id = `mcp-${nextId.toString(36)}`;
    let user: string | undefined;
    opts.watch?.(req, res, () => ({ id, route: view === '' ? '/mcp' : '/mcp/:view', user }));
    const chunks: Buffer[] = [];
    // A client gone before its body ended gets no answer, as on the route; its request is logged when the response closes.
    req.on('error', () => undefined);
    req.on('data', (c: Buffer) => chunks.push(c));
    req.once('end', () => {
      void serve(view, req, res, parseBody(chunks), (who) => {
        user = who.user;
      });
    });
    return true;
  };
}
