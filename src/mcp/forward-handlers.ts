import type { Server } from '@modelcontextprotocol/sdk/server/index.js';
import {
  CompleteRequestSchema,
  GetPromptRequestSchema,
  ListPromptsRequestSchema,
  ListResourcesRequestSchema,
  ListResourceTemplatesRequestSchema,
  McpError,
  ReadResourceRequestSchema,
  SubscribeRequestSchema,
  UnsubscribeRequestSchema,
  type ServerCapabilities,
} from '@modelcontextprotocol/sdk/types.js';
import { ERROR_CODES, toGatewayError } from '../core/index.js';
import { routeOf, withRoute } from './call-route.js';
import type { ForwardedMethod, ForwardedParams, ForwardedResult } from './forwarded.js';
import type { HandlerDeps, SessionContext } from './tool-handlers.js';

/** What a handler's `extra` carries that forwarding needs. */
type Extra = Parameters<typeof routeOf>[1];

/**
 * The capabilities `/mcp/<server>` declares beyond tools: the upstream's own resources, prompts and
 * completions (as it declared them when we connected). The aggregated `/mcp` and virtual servers serve tools
 * only: their resources and prompts would need names and URIs rewritten per server.
 */
export function forwardedCapabilities(deps: HandlerDeps, view: string): ServerCapabilities {
  const up = deps.registry.upstreams.get(view)?.capabilities;
  if (up === undefined) return {};
  return {
    ...(up.resources === undefined ? {} : { resources: { subscribe: up.resources.subscribe === true, listChanged: up.resources.listChanged === true } }),
    ...(up.prompts === undefined ? {} : { prompts: { listChanged: up.prompts.listChanged === true } }),
    ...(up.completions === undefined ? {} : { completions: {} }),
  };
}

/**
 * Installs resources, prompts and completion on a `/mcp/<server>` session: forwarded to that one upstream as
 * they are, after the server-wide access check, with the session's route so that the upstream's logs,
 * sampling and elicitation come back to this client. Subscriptions are shared upstream and counted here.
 * Call after the `Server` was built with `forwardedCapabilities` (the SDK checks handlers against them).
 */
export function installForwardHandlers(server: Server, ctx: SessionContext, deps: HandlerDeps, caps: ServerCapabilities): void {
  const name = ctx.view;
  const forward = async <M extends ForwardedMethod>(method: M, params: ForwardedParams<M>, extra: Extra): Promise<ForwardedResult<M>> => {
    const verdict = deps.access.checkServer(ctx.principal, name);
    if (!verdict.allowed) throw new McpError(ERROR_CODES.POLICY_DENIED.jsonrpc, `server ${name} is not allowed for ${ctx.principal.user} (access rule ${verdict.rule ?? 'default'})`, { rule: verdict.rule });
    const upstream = deps.registry.upstreams.get(name);
    if (upstream === undefined) throw new McpError(ERROR_CODES.UNAVAILABLE.jsonrpc, `MCP server "${name}" is not available`);
    const route = routeOf(ctx.id(), extra, () => ctx.logging.level);
    try {
      return await withRoute(route, () => upstream.request(method, params, { signal: extra.signal, timeoutMs: deps.callTimeoutMs, onProgress: undefined, route, user: ctx.principal.user }));
    } catch (e) {
      if (e instanceof McpError) throw e;
      const ge = toGatewayError(e);
      throw new McpError(ERROR_CODES[ge.code].jsonrpc, ge.expose ? ge.message : 'internal error');
    }
  };
  if (caps.resources !== undefined) {
    server.setRequestHandler(ListResourcesRequestSchema, (req, extra) => forward('resources/list', req.params, extra));
    server.setRequestHandler(ListResourceTemplatesRequestSchema, (req, extra) => forward('resources/templates/list', req.params, extra));
    server.setRequestHandler(ReadResourceRequestSchema, (req, extra) => forward('resources/read', req.params, extra));
  }
  if (caps.resources?.subscribe === true) {
    const subs = deps.subscriptions;
    server.setRequestHandler(SubscribeRequestSchema, async (req, extra) => {
      if (!subs.add(name, req.params.uri, ctx)) return {};
      try {
        return await forward('resources/subscribe', req.params, extra);
      } catch (e) {
        subs.remove(name, req.params.uri, ctx);
        throw e;
      }
    });
    server.setRequestHandler(UnsubscribeRequestSchema, async (req, extra) => (subs.remove(name, req.params.uri, ctx) ? forward('resources/unsubscribe', req.params, extra) : {}));
  }
  if (caps.prompts !== undefined) {
    server.setRequestHandler(ListPromptsRequestSchema, (req, extra) => forward('prompts/list', req.params, extra));
    server.setRequestHandler(GetPromptRequestSchema, (req, extra) => forward('prompts/get', req.params, extra));
  }
  if (caps.completions !== undefined) server.setRequestHandler(CompleteRequestSchema, (req, extra) => forward('completion/complete', req.params, extra));
}

/** Ends a session's subscriptions: unsubscribes upstream from resources nobody else watches. */
export function releaseSubscriptions(deps: HandlerDeps, ctx: SessionContext): void {
  for (const { server, uri } of deps.subscriptions.drop(ctx)) {
    const ac = new AbortController();
    void deps.registry.upstreams.get(server)?.request('resources/unsubscribe', { uri }, { signal: ac.signal, timeoutMs: deps.callTimeoutMs, onProgress: undefined, user: ctx.principal.user }).catch(() => undefined);
  }
}
