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
import { installAggregateHandlers } from './aggregate-handlers.js';
import { forwarder } from './forwarder.js';
import { contentKey } from './server-content.js';
import type { HandlerDeps, SessionContext } from './tool-handlers.js';

/**
 * The capabilities a view declares beyond tools. `/mcp/<server>`: the upstream's own resources, prompts and
 * completions (as it declared them when we connected). The aggregated `/mcp` and virtual servers: all of
 * them, since their servers connect and change while the session lives (an empty list is a true answer).
 */
export function forwardedCapabilities(deps: HandlerDeps, view: string): ServerCapabilities {
  if (deps.registry.isMultiServer(view)) return { resources: { subscribe: true, listChanged: true }, prompts: { listChanged: true }, completions: {} };
  const up = deps.registry.upstreams.get(view)?.capabilities;
  if (up === undefined) return {};
  return {
    ...(up.resources === undefined ? {} : { resources: { subscribe: up.resources.subscribe === true, listChanged: up.resources.listChanged === true } }),
    ...(up.prompts === undefined ? {} : { prompts: { listChanged: up.prompts.listChanged === true } }),
    ...(up.completions === undefined ? {} : { completions: {} }),
  };
}

/** The error for a prompt or resource the registry holds back (poisoned description, changed prompt). */
function heldBack(what: string): McpError {
  return new McpError(ERROR_CODES.INVALID_PARAMS.jsonrpc, `${what} is held back by the gateway until an admin approves it`);
}

/**
 * Installs resources, prompts and completion on a session. On `/mcp/<server>` they are forwarded to that
 * one upstream as they are (its own pagination and URIs), less what the registry holds back; on multi-server
 * views see `installAggregateHandlers`. Subscriptions are shared upstream and counted here. Call after the
 * `Server` was built with `forwardedCapabilities` (the SDK checks handlers against them).
 */
export function installForwardHandlers(server: Server, ctx: SessionContext, deps: HandlerDeps, caps: ServerCapabilities): void {
  if (deps.registry.isMultiServer(ctx.view)) {
    installAggregateHandlers(server, ctx, deps);
    return;
  }
  const name = ctx.view;
  const { registry } = deps;
  const fw = forwarder(ctx, deps);
  const hidden = (key: string): boolean => registry.isHiddenContent(name, key);
  if (caps.resources !== undefined) {
    server.setRequestHandler(ListResourcesRequestSchema, async (req, extra) => {
      const r = await fw.forward(name, 'resources/list', req.params, extra);
      return { ...r, resources: r.resources.filter((x) => !hidden(contentKey('resource', x.uri))) };
    });
    server.setRequestHandler(ListResourceTemplatesRequestSchema, async (req, extra) => {
      const r = await fw.forward(name, 'resources/templates/list', req.params, extra);
      return { ...r, resourceTemplates: r.resourceTemplates.filter((x) => !hidden(contentKey('template', x.uriTemplate))) };
    });
    server.setRequestHandler(ReadResourceRequestSchema, (req, extra) => {
      if (hidden(contentKey('resource', req.params.uri))) throw heldBack(`resource ${req.params.uri}`);
      return fw.governed(name, 'resources/read', req.params, extra);
    });
  }
  if (caps.resources?.subscribe === true) {
    const subs = deps.subscriptions;
    server.setRequestHandler(SubscribeRequestSchema, async (req, extra) => {
      if (!subs.add(name, req.params.uri, ctx)) return {};
      try {
        return await fw.forward(name, 'resources/subscribe', req.params, extra);
      } catch (e) {
        subs.remove(name, req.params.uri, ctx);
        throw e;
      }
    });
    server.setRequestHandler(UnsubscribeRequestSchema, async (req, extra) => (subs.remove(name, req.params.uri, ctx) ? fw.forward(name, 'resources/unsubscribe', req.params, extra) : {}));
  }
  if (caps.prompts !== undefined) {
    server.setRequestHandler(ListPromptsRequestSchema, async (req, extra) => {
      const r = await fw.forward(name, 'prompts/list', req.params, extra);
      return { ...r, prompts: r.prompts.filter((p) => !hidden(contentKey('prompt', p.name))) };
    });
    server.setRequestHandler(GetPromptRequestSchema, (req, extra) => {
      if (hidden(contentKey('prompt', req.params.name))) throw heldBack(`prompt ${req.params.name}`);
      return fw.governed(name, 'prompts/get', req.params, extra);
    });
  }
  if (caps.completions !== undefined) server.setRequestHandler(CompleteRequestSchema, (req, extra) => fw.forward(name, 'completion/complete', req.params, extra));
}

/** Ends a session's subscriptions: unsubscribes upstream from resources nobody else watches. */
export function releaseSubscriptions(deps: HandlerDeps, ctx: SessionContext): void {
  for (const { server, uri } of deps.subscriptions.drop(ctx)) {
    const ac = new AbortController();
    void deps.registry.upstreams.get(server)?.request('resources/unsubscribe', { uri }, { signal: ac.signal, timeoutMs: deps.callTimeoutMs, onProgress: undefined, user: ctx.principal.user }).catch(() => undefined);
  }
}
