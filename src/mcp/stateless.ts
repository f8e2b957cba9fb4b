import type { IncomingMessage, ServerResponse } from 'node:http';
import { McpError } from '@modelcontextprotocol/sdk/types.js';
import { CallAbort, ERROR_CODES } from '../core/index.js';
import type { Principal } from './principal.js';
import { callTool, listTools, type HandlerDeps, type SessionContext } from './tool-handlers.js';

/** The stateless revision: no `initialize`, no `Mcp-Session-Id`; each request carries its version and client. */
export const STATELESS_VERSION = '2026-07-28';

function isObject(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

/** The client's name from a request's `_meta` (draft key names vary; both spellings are read). */
function clientName(meta: unknown): string | undefined {
  if (!isObject(meta)) return undefined;
  const info = meta['clientInfo'] ?? meta['io.modelcontextprotocol/clientInfo'];
  return isObject(info) && typeof info['name'] === 'string' ? info['name'] : undefined;
}

function write(res: ServerResponse, body: unknown): void {
  const out = JSON.stringify(body);
  res.writeHead(200, { 'content-type': 'application/json', 'content-length': Buffer.byteLength(out) });
  res.end(out);
}

/**
 * Answers one request of the stateless revision (2026-07-28, SEP-2575/2567): `tools/list`, `tools/call` and
 * `ping`, each on its own, as one JSON response. With no protocol session, the engine's session is the
 * caller's `x-rampart-session` header (scoped by user) when given, else one per user, so flow rules still see a history.
 */
export async function handleStateless(opts: { view: string; principal: Principal; req: IncomingMessage; res: ServerResponse; body: unknown; deps: HandlerDeps }): Promise<void> {
  const { body, res } = opts;
  if (!isObject(body) || body['jsonrpc'] !== '2.0' || typeof body['method'] !== 'string') {
    res.writeHead(400, { 'content-type': 'application/json' }).end(JSON.stringify({ jsonrpc: '2.0', id: null, error: { code: ERROR_CODES.BAD_REQUEST.jsonrpc, message: 'Invalid Request' } }));
    return;
  }
  const id = body['id'];
  if (typeof id !== 'string' && typeof id !== 'number') {
    // A notification: nothing to answer in a stateless exchange.
    res.writeHead(202).end();
    return;
  }
  const params = isObject(body['params']) ? body['params'] : {};
  const header = opts.req.headers['x-rampart-session'];
  // Scoped by user: a caller must not be able to write events into someone else's session.
  const sessionId = `mcp-stateless:${opts.principal.user}${typeof header === 'string' && header !== '' ? `:${header.slice(0, 128)}` : ''}`;
  const agent = clientName(params['_meta']);
  const ctx: SessionContext = { id: () => sessionId, view: opts.view, principal: opts.principal, agent: () => agent, logging: { level: undefined }, clientCapabilities: () => undefined, notify: () => Promise.resolve() };
  try {
    switch (body['method']) {
      case 'ping':
        write(res, { jsonrpc: '2.0', id, result: {} });
        return;
      case 'tools/list':
        write(res, { jsonrpc: '2.0', id, result: { tools: listTools(ctx, opts.deps) } });
        return;
      case 'tools/call': {
        const args = params['arguments'] ?? {};
        if (typeof params['name'] !== 'string' || !isObject(args)) throw new McpError(ERROR_CODES.INVALID_PARAMS.jsonrpc, 'tools/call needs a name and object arguments');
        const ac = new CallAbort();
        opts.res.once('close', () => {
          if (!opts.res.writableFinished) ac.abort();
        });
        const result = await callTool(ctx, opts.deps, { name: params['name'], args, requestId: id, signal: ac, onProgress: undefined, route: undefined });
        write(res, { jsonrpc: '2.0', id, result });
        return;
      }
      default:
        throw new McpError(ERROR_CODES.NOT_FOUND.jsonrpc, `Method not found: ${body['method']}`);
    }
  } catch (e) {
    const err = e instanceof McpError ? { code: e.code, message: e.message } : { code: ERROR_CODES.INTERNAL.jsonrpc, message: 'internal error' };
    if (!res.headersSent) write(res, { jsonrpc: '2.0', id, error: err });
  }
}
