import { McpError } from '@modelcontextprotocol/sdk/types.js';
import { ERROR_CODES } from '../core/index.js';
import type { AccessVerdict } from './access.js';
import { routeOf, withRoute } from './call-route.js';
import { CONTENT_CAPABILITIES, CONTENT_READS, type ContentMethod, type ContentRead } from './content-reads.js';
import type { ForwardedMethod, ForwardedParams, ForwardedResult } from './forwarded.js';
import { denied, openCall, upstreamError } from './governed-call.js';
import type { HandlerDeps, SessionContext } from './tool-handlers.js';

/** What a handler's `extra` carries that forwarding needs. */
export type Extra = Parameters<typeof routeOf>[1] & { readonly requestId: string | number };

/** Sends one request of a session to one upstream server, after the server-wide access check. */
export interface Forwarder {
  /** Metadata (lists, templates, completion, subscriptions): checked, forwarded as it is, counted. */
  forward<M extends ForwardedMethod>(server: string, method: M, params: ForwardedParams<M>, extra: Extra): Promise<ForwardedResult<M>>;
  /** Content (a resource's text, a prompt's messages) reaches the model: governed like a read-only tool call. */
  governed<M extends ContentMethod>(server: string, method: M, params: ForwardedParams<M>, extra: Extra): Promise<ForwardedResult<M>>;
  /** The server-wide access check alone (lists on multi-server views leave out servers it refuses). */
  allowed(server: string): boolean;
}

/**
 * The forwarding of one downstream session's resources, prompts and completion requests: to the upstream the
 * view maps them to, with the session's route so that the upstream's logs, sampling, elicitation and roots
 * requests come back to this client. `resources/read` and `prompts/get` also go through the engine and the
 * call audit like a read-only tool call (issue 4 §6, §7).
 */
export function forwarder(ctx: SessionContext, deps: HandlerDeps): Forwarder {
  const checkServer = (server: string): AccessVerdict => deps.access.checkServer(ctx.principal, server);
  const forbidden = (server: string, verdict: AccessVerdict): McpError =>
    new McpError(ERROR_CODES.POLICY_DENIED.jsonrpc, `server ${server} is not allowed for ${ctx.principal.user} (access rule ${verdict.rule ?? 'default'})`, { rule: verdict.rule });
  const send = async <M extends ForwardedMethod>(server: string, method: M, params: ForwardedParams<M>, extra: Extra): Promise<ForwardedResult<M>> => {
    const upstream = deps.registry.upstreams.get(server);
    if (upstream === undefined) throw new McpError(ERROR_CODES.UNAVAILABLE.jsonrpc, `MCP server "${server}" is not available`);
    const route = routeOf(ctx, extra);
    return withRoute(route, () => upstream.request(method, params, { signal: extra.signal, timeoutMs: deps.callTimeoutMs, onProgress: undefined, route, user: ctx.principal.user }));
  };
  return {
    allowed: (server) => checkServer(server).allowed,
    async forward(server, method, params, extra) {
      const verdict = checkServer(server);
      if (!verdict.allowed) {
        deps.calls?.countForward?.(server, method, 'forbidden');
        throw forbidden(server, verdict);
      }
      try {
        const r = await send(server, method, params, extra);
        deps.calls?.countForward?.(server, method, 'ok');
        return r;
      } catch (e) {
        deps.calls?.countForward?.(server, method, 'error');
        throw upstreamError(e);
      }
    },
    async governed(server, method, params, extra) {
      const read = CONTENT_READS[method] as ContentRead<typeof method>;
      const scope = openCall(ctx, deps, { tool: { server, name: method, callId: String(extra.requestId) }, args: read.args(params), capabilities: CONTENT_CAPABILITIES });
      const verdict = checkServer(server);
      if (!verdict.allowed) {
        scope.audit({ outcome: 'forbidden', rule: verdict.rule, isError: true });
        throw forbidden(server, verdict);
      }
      const d = scope.call.decision;
      if (d.action === 'deny' || d.action === 'ask') {
        scope.audit({ outcome: d.action, rule: d.rule.id, isError: true });
        throw denied(d);
      }
      let result: ForwardedResult<typeof method>;
      try {
        result = await send(server, method, params, extra);
      } catch (e) {
        throw scope.fail(e);
      }
      const screened = scope.screen(result, { parts: read.parts(result), isError: false, redact: (rs) => read.redact(result, rs) });
      // resources/read and prompts/get have no error result: withheld content is a JSON-RPC error.
      if (!screened.ok) throw denied(screened.error);
      return screened.value;
    },
  };
}
