import type { Server } from '@modelcontextprotocol/sdk/server/index.js';
import {
  CallToolRequestSchema,
  ListToolsRequestSchema,
  McpError,
  type CallToolResult,
  type ClientCapabilities,
  type LoggingLevel,
  type ServerNotification,
  type Tool,
} from '@modelcontextprotocol/sdk/types.js';
import { type CallSignal, ERROR_CODES, type ToolCallSink } from '../core/index.js';
import type { AccessControl } from './access.js';
import { routeOf, withRoute, type CallRoute } from './call-route.js';
import type { Principal } from './principal.js';
import type { EventProcessor, ExposedTool, Registry } from './registry.js';
import { denied, openCall } from './governed-call.js';
import { redactResult, resultParts } from './result-text.js';
import type { Subscriptions } from './subscriptions.js';
import type { CallOptions } from './upstream.js';

/** What one downstream session knows about itself. */
export interface SessionContext {
  readonly id: () => string;
  readonly view: string;
  readonly principal: Principal;
  /** The client's name from `initialize`, as the engine's `agent`. */
  readonly agent: () => string | undefined;
  /** The client's `logging/setLevel` threshold for upstream logs (`undefined`: never set, send all). */
  readonly logging: { level: LoggingLevel | undefined };
  /** What the client declared at `initialize` (`undefined` before, and on the stateless revision). */
  readonly clientCapabilities: () => ClientCapabilities | undefined;
  /** Sends a notification outside any request (resource updates, list changes). */
  readonly notify: (n: ServerNotification) => Promise<void>;
}

/** What the tool handlers need from the gateway. */
export interface HandlerDeps {
  readonly registry: Registry;
  readonly engine: EventProcessor;
  readonly access: AccessControl;
  readonly callTimeoutMs: number;
  /** Where each call's audit row goes (issue 4 §7). */
  readonly calls: ToolCallSink | undefined;
  /** Resource subscriptions of every live session, shared upstream. */
  readonly subscriptions: Subscriptions<SessionContext>;
}

function toWire(t: ExposedTool): Tool {
  return t.exposed === t.tool.name ? t.tool : { ...t.tool, name: t.exposed };
}

/**
 * Installs `tools/list` and `tools/call` on one downstream session's SDK `Server`: the list is the session's
 * view filtered by access control; every call and its result go through the engine (issue 4 §6), a deny or
 * ask is a JSON-RPC error with the reason, a redact rewrites the result before the client sees it.
 */
/** The session's view, less the tools access rules deny this principal (hidden, not just refused). */
export function listTools(ctx: SessionContext, deps: HandlerDeps): Tool[] {
  const tools: Tool[] = [];
  for (const t of deps.registry.view(ctx.view).values()) if (deps.access.check(ctx.principal, t).allowed) tools.push(toWire(t));
  return tools;
}

export function installToolHandlers(server: Server, ctx: SessionContext, deps: HandlerDeps): void {

  server.setRequestHandler(ListToolsRequestSchema, () => ({ tools: listTools(ctx, deps) }));

  server.setRequestHandler(CallToolRequestSchema, (req, extra) => {
    const token = extra._meta?.progressToken;
    return callTool(ctx, deps, {
      name: req.params.name,
      args: req.params.arguments ?? {},
      requestId: extra.requestId,
      signal: extra.signal,
      route: routeOf(ctx, extra),
      onProgress:
        token === undefined
          ? undefined
          : (p) => {
              void extra.sendNotification({ method: 'notifications/progress', params: { progressToken: token, progress: p.progress, total: p.total, message: p.message } }).catch(() => undefined);
            },
    });
  });
}

/** One `tools/call` as the gateway sees it, from the SDK server or from the JSON fast path. */
export interface ToolCallRequest {
  readonly name: string;
  readonly args: Record<string, unknown>;
  readonly requestId: string | number;
  readonly signal: CallSignal;
  readonly onProgress: CallOptions['onProgress'];
  /** The way back to the client for the upstream's sampling, elicitation and logs (none on the JSON fast path). */
  readonly route: CallRoute | undefined;
}

/**
 * Runs one tool call through access control, the engine, the upstream and the engine again, and audits it.
 * Throws `McpError` (rendered as a JSON-RPC error) for unknown, forbidden, denied and failed calls.
 */
export async function callTool(ctx: SessionContext, deps: HandlerDeps, input: ToolCallRequest): Promise<CallToolResult> {
  const { registry, access } = deps;
  const name = input.name;
  const args = input.args;
  const t = registry.view(ctx.view).get(name);
  // The engine sees every attempt, known tool or not, so the audit holds every request.
  const scope = openCall(ctx, deps, { tool: { server: t?.server, name: t?.tool.name ?? name, callId: String(input.requestId) }, args });
  if (t === undefined) {
    scope.audit({ outcome: 'unknown-tool', isError: true });
    throw new McpError(ERROR_CODES.INVALID_PARAMS.jsonrpc, `Unknown tool: ${name}`);
  }
  const verdict = access.check(ctx.principal, t);
  if (!verdict.allowed) {
    scope.audit({ outcome: 'forbidden', rule: verdict.rule, isError: true });
    throw new McpError(ERROR_CODES.POLICY_DENIED.jsonrpc, `tool ${name} is not allowed for ${ctx.principal.user} (access rule ${verdict.rule ?? 'default'})`, { rule: verdict.rule });
  }
  const d = scope.call.decision;
  if (d.action === 'deny' || d.action === 'ask') {
    scope.audit({ outcome: d.action, rule: d.rule.id, isError: true });
    throw denied(d);
  }
  const upstream = registry.upstreams.get(t.server);
  let result: CallToolResult;
  try {
    if (upstream === undefined) throw new McpError(ERROR_CODES.UNAVAILABLE.jsonrpc, `MCP server "${t.server}" is not available`);
    const opts: CallOptions = { signal: input.signal, timeoutMs: deps.callTimeoutMs, onProgress: input.onProgress, route: input.route, user: ctx.principal.user };
    const route = input.route;
    result = await (route === undefined ? upstream.callTool(t.tool.name, args, opts) : withRoute(route, () => upstream.callTool(t.tool.name, args, opts)));
  } catch (e) {
    throw scope.fail(e);
  }
  const screened = scope.screen(result, { parts: resultParts(result), isError: result.isError === true, redact: (rs) => redactResult(result, rs) });
  if (screened.ok) return screened.value;
  const rd = screened.error;
  // The result never reaches the model: a tool error that says why.
  return { content: [{ type: 'text', text: `Rampart withheld this tool result (rule ${rd.rule.id}): ${rd.action === 'deny' ? rd.reason : rd.prompt}` }], isError: true };
}
