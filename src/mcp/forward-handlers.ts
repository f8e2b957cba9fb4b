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
import { ERROR_CODES } from '../core/index.js';
import type { AccessVerdict } from './access.js';
import { routeOf, withRoute } from './call-route.js';
import { CONTENT_CAPABILITIES, CONTENT_READS, type ContentMethod, type ContentRead } from './content-reads.js';
import type { ForwardedMethod, ForwardedParams, ForwardedResult } from './forwarded.js';
import { denied, openCall, upstreamError } from './governed-call.js';
import type { HandlerDeps, SessionContext } from './tool-handlers.js';

/** What a handler's `extra` carries that forwarding needs. */
type Extra = Parameters<typeof routeOf>[1] & { readonly requestId: string | number };

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
 * Installs resources, prompts and completion on a `/mcp/<server>` session: forwarded to that one upstream
 * after the server-wide access check, with the session's route so that the upstream's logs, sampling and
 * elicitation come back to this client. `resources/read` and `prompts/get` bring content to the model, so they
 * also go through the engine and the call audit like a read-only tool call (issue 4 §6, §7); the other
 * requests carry metadata and are forwarded as they are. Subscriptions are shared upstream and counted here.
 * Call after the `Server` was built with `forwardedCapabilities` (the SDK checks handlers against them).
 */
export function installForwardHandlers(server: Server, ctx: SessionContext, deps: HandlerDeps, caps: ServerCapabilities): void {
  const name = ctx.view;
  const checkServer = (): AccessVerdict => deps.access.checkServer(ctx.principal, name);
  const forbidden = (verdict: AccessVerdict): McpError =>
    new McpError(ERROR_CODES.POLICY_DENIED.jsonrpc, `server ${name} is not allowed for ${ctx.principal.user} (access rule ${verdict.rule ?? 'default'})`, { rule: verdict.rule });
  const send = async <M extends ForwardedMethod>(method: M, params: ForwardedParams<M>, extra: Extra): Promise<ForwardedResult<M>> => {
    const upstream = deps.registry.upstreams.get(name);
    if (upstream === undefined) throw new McpError(ERROR_CODES.UNAVAILABLE.jsonrpc, `MCP server "${name}" is not available`);
    const route = routeOf(ctx.id(), extra, () => ctx.logging.level);
    return withRoute(route, () => upstream.request(method, params, { signal: extra.signal, timeoutMs: deps.callTimeoutMs, onProgress: undefined, route, user: ctx.principal.user }));
  };
  // Metadata (lists, templates, completion, subscriptions): the server-wide access check, then as it is; counted.
  const forward = async <M extends ForwardedMethod>(method: M, params: ForwardedParams<M>, extra: Extra): Promise<ForwardedResult<M>> => {
    const verdict = checkServer();
    if (!verdict.allowed) {
      deps.calls?.countForward?.(name, method, 'forbidden');
      throw forbidden(verdict);
    }
    try {
      const r = await send(method, params, extra);
      deps.calls?.countForward?.(name, method, 'ok');
      return r;
    } catch (e) {
      deps.calls?.countForward?.(name, method, 'error');
      throw upstreamError(e);
    }
  };
  // Content (a resource's text, a prompt's messages) reaches the model: governed like a read-only tool call.
  const governed = async <M extends ContentMethod>(method: M, params: ForwardedParams<M>, extra: Extra): Promise<ForwardedResult<M>> => {
    const read = CONTENT_READS[method] as ContentRead<M>;
    const scope = openCall(ctx, deps, { tool: { server: name, name: method, callId: String(extra.requestId) }, args: read.args(params), capabilities: CONTENT_CAPABILITIES });
    const verdict = checkServer();
    if (!verdict.allowed) {
      scope.audit({ outcome: 'forbidden', rule: verdict.rule, isError: true });
      throw forbidden(verdict);
    }
    const d = scope.call.decision;
    if (d.action === 'deny' || d.action === 'ask') {
      scope.audit({ outcome: d.action, rule: d.rule.id, isError: true });
      throw denied(d);
    }
    let result: ForwardedResult<M>;
    try {
      result = await send(method, params, extra);
    } catch (e) {
      throw scope.fail(e);
    }
    const screened = scope.screen(result, { parts: read.parts(result), isError: false, redact: (rs) => read.redact(result, rs) });
    // resources/read and prompts/get have no error result: withheld content is a JSON-RPC error.
    if (!screened.ok) throw denied(screened.error);
    return screened.value;
  };
  if (caps.resources !== undefined) {
    server.setRequestHandler(ListResourcesRequestSchema, (req, extra) => forward('resources/list', req.params, extra));
    server.setRequestHandler(ListResourceTemplatesRequestSchema, (req, extra) => forward('resources/templates/list', req.params, extra));
    server.setRequestHandler(ReadResourceRequestSchema, (req, extra) => governed('resources/read', req.params, extra));
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
    server.setRequestHandler(GetPromptRequestSchema, (req, extra) => governed('prompts/get', req.params, extra));
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
