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
  type GetPromptResult,
  type ReadResourceResult,
} from '@modelcontextprotocol/sdk/types.js';
import { ERROR_CODES } from '../core/index.js';
import { exposedUri, upstreamUri } from './exposed-uri.js';
import { forwarder } from './forwarder.js';
import { contentKey } from './server-content.js';
import type { HandlerDeps, SessionContext } from './tool-handlers.js';

function notFound(what: string): McpError {
  // The SDK's own servers answer an unknown resource or prompt with invalid params; so do we.
  return new McpError(ERROR_CODES.INVALID_PARAMS.jsonrpc, `${what} not found`);
}

/** A read result with each item's URI as the client knows it. */
function exposeRead(server: string, r: ReadResourceResult): ReadResourceResult {
  return { ...r, contents: r.contents.map((c) => ({ ...c, uri: exposedUri(server, c.uri) })) };
}

/** A prompt's messages with embedded resources and resource links pointing through the gateway. */
function exposePrompt(server: string, r: GetPromptResult): GetPromptResult {
  const messages = r.messages.map((m) => {
    const c = m.content;
    if (c.type === 'resource') return { ...m, content: { ...c, resource: { ...c.resource, uri: exposedUri(server, c.resource.uri) } } };
    if (c.type === 'resource_link') return { ...m, content: { ...c, uri: exposedUri(server, c.uri) } };
    return m;
  });
  return { ...r, messages };
}

/**
 * Resources, prompts and completion on a view that draws from several servers: the aggregated `/mcp` and
 * virtual servers. Lists come from the registry's scanned copies (what it holds back never shows), with
 * prompts named like tools (`<server>__<prompt>` on `/mcp`, unprefixed on a virtual server) and resource URIs
 * as `rampart://<server>/<uri>` (see `exposed-uri.ts`); requests are mapped back and forwarded to the one
 * server they name. Servers that the server-wide access rules refuse this principal are left out of lists
 * and refused on use, as on `/mcp/<server>`. Lists are whole (no cursor): they are merged from many servers.
 */
export function installAggregateHandlers(server: Server, ctx: SessionContext, deps: HandlerDeps): void {
  const { registry } = deps;
  const fw = forwarder(ctx, deps);
  const view = () => registry.contentView(ctx.view);
  /** The server and upstream URI of a client's URI, when the view holds it. */
  const locate = (uri: string): { server: string; uri: string } => {
    const at = upstreamUri(uri);
    if (at === undefined || !registry.upstreams.has(at.server) || !view().allows(at.server, at.uri)) throw notFound(`Resource ${uri}`);
    if (registry.isHiddenContent(at.server, contentKey('resource', at.uri))) {
      throw new McpError(ERROR_CODES.INVALID_PARAMS.jsonrpc, `resource ${uri} is held back by the gateway until an admin approves it`);
    }
    return at;
  };
  const subscribable = (s: string): void => {
    if (registry.upstreams.get(s)?.capabilities?.resources?.subscribe !== true) throw new McpError(ERROR_CODES.NOT_FOUND.jsonrpc, `MCP server "${s}" does not support resource subscriptions`);
  };

  server.setRequestHandler(ListResourcesRequestSchema, () => ({
    resources: view().resources.filter((r) => fw.allowed(r.server)).map((r) => ({ ...r.item, uri: r.exposed })),
  }));
  server.setRequestHandler(ListResourceTemplatesRequestSchema, () => ({
    resourceTemplates: view().templates.filter((t) => fw.allowed(t.server)).map((t) => ({ ...t.item, uriTemplate: t.exposed })),
  }));
  server.setRequestHandler(ReadResourceRequestSchema, async (req, extra) => {
    const at = locate(req.params.uri);
    return exposeRead(at.server, await fw.governed(at.server, 'resources/read', { ...req.params, uri: at.uri }, extra));
  });
  const subs = deps.subscriptions;
  server.setRequestHandler(SubscribeRequestSchema, async (req, extra) => {
    const at = locate(req.params.uri);
    subscribable(at.server);
    if (!subs.add(at.server, at.uri, ctx)) return {};
    try {
      return await fw.forward(at.server, 'resources/subscribe', { ...req.params, uri: at.uri }, extra);
    } catch (e) {
      subs.remove(at.server, at.uri, ctx);
      throw e;
    }
  });
  server.setRequestHandler(UnsubscribeRequestSchema, async (req, extra) => {
    const at = upstreamUri(req.params.uri);
    if (at === undefined || !subs.remove(at.server, at.uri, ctx)) return {};
    return fw.forward(at.server, 'resources/unsubscribe', { ...req.params, uri: at.uri }, extra);
  });

  server.setRequestHandler(ListPromptsRequestSchema, () => {
    const prompts = [];
    for (const p of view().prompts.values()) if (fw.allowed(p.server)) prompts.push({ ...p.prompt, name: p.exposed });
    return { prompts };
  });
  server.setRequestHandler(GetPromptRequestSchema, async (req, extra) => {
    const p = view().prompts.get(req.params.name);
    if (p === undefined) throw notFound(`Prompt ${req.params.name}`);
    return exposePrompt(p.server, await fw.governed(p.server, 'prompts/get', { ...req.params, name: p.prompt.name }, extra));
  });

  server.setRequestHandler(CompleteRequestSchema, (req, extra) => {
    const ref = req.params.ref;
    if (ref.type === 'ref/prompt') {
      const p = view().prompts.get(ref.name);
      if (p === undefined) throw notFound(`Prompt ${ref.name}`);
      return fw.forward(p.server, 'completion/complete', { ...req.params, ref: { ...ref, name: p.prompt.name } }, extra);
    }
    const at = upstreamUri(ref.uri);
    if (at === undefined || !view().servers.has(at.server)) throw notFound(`Resource template ${ref.uri}`);
    return fw.forward(at.server, 'completion/complete', { ...req.params, ref: { ...ref, uri: at.uri } }, extra);
  });
}
