import type { Transport } from '@modelcontextprotocol/sdk/shared/transport.js';
import type { JSONRPCMessage } from '@modelcontextprotocol/sdk/types.js';
import { CallAbort, ERROR_CODES } from '../core/index.js';
import { plainToolCallOf, type FastCall } from './fast-call.js';
import { LocalStdioTransport } from './local-stdio-transport.js';
import { resultResponseJson } from './result-json.js';
import { callTool, type HandlerDeps, type SessionContext } from './tool-handlers.js';

/**
 * Answers a stdio session's plain `tools/call` requests without the SDK `Server` (its request validation,
 * per-request bookkeeping and result re-validation cost more than the rest of the wrapper's own work, see
 * bench/mcp.mjs): installed on a transport the server is already connected to, it takes such calls from
 * `onmessage` before the server sees them and hands everything else on. The call itself is the same
 * `callTool` (access rules, engine, upstream, audit); replies and errors are the ones the SDK would send.
 * `streams` says when calls must go through the SDK after all (the client takes sampling or elicitation,
 * asked for logs, or has roots a server wants), as the HTTP fast path does.
 */
export function installLocalFastPath(opts: { transport: Transport; context: SessionContext; deps: HandlerDeps; streams: () => boolean }): void {
  const { transport } = opts;
  const sdkMessage = transport.onmessage;
  const sdkClose = transport.onclose;
  const inflight = new Map<string | number, CallAbort>();

  // The wrapper's own transport sends a result as the text its audit already wrote (`resultJson`).
  const local = transport instanceof LocalStdioTransport ? transport : undefined;

  const answer = async (call: FastCall): Promise<void> => {
    const ac = new CallAbort();
    inflight.set(call.id, ac);
    let send: () => Promise<void>;
    try {
      const result = await callTool(opts.context, opts.deps, { name: call.name, args: call.args, requestId: call.id, signal: ac, onProgress: undefined, route: undefined });
      send = local === undefined ? () => transport.send({ jsonrpc: '2.0', id: call.id, result }) : () => local.sendJson(resultResponseJson(call.id, result));
    } catch (e) {
      const error = wireError(e);
      send = () => transport.send({ jsonrpc: '2.0', id: call.id, error });
    } finally {
      if (inflight.get(call.id) === ac) inflight.delete(call.id);
    }
    // A cancelled request gets no reply, as from the SDK.
    if (ac.aborted) return;
    await send().catch(() => undefined);
  };

  transport.onmessage = (message, extra) => {
    const call = fastCall(message, opts.streams);
    // A reused id still in flight goes to the SDK, which answers it as it would any other.
    if (call !== undefined && !inflight.has(call.id)) {
      void answer(call);
      return;
    }
    cancelled(message, inflight);
    sdkMessage?.(message, extra);
  };
  // The SDK aborts its handlers when the transport closes; so are the calls taken here.
  transport.onclose = () => {
    for (const ac of inflight.values()) ac.abort();
    inflight.clear();
    sdkClose?.();
  };
}

function fastCall(message: JSONRPCMessage, streams: () => boolean): FastCall | undefined {
  if (!('method' in message) || message.method !== 'tools/call') return undefined;
  return streams() ? undefined : plainToolCallOf(message);
}

/** `notifications/cancelled` for a call taken here aborts it (the SDK, which also sees it, knows nothing of it). */
function cancelled(message: JSONRPCMessage, inflight: ReadonlyMap<string | number, CallAbort>): void {
  if (inflight.size === 0 || !('method' in message) || message.method !== 'notifications/cancelled') return;
  const id = (message.params as { requestId?: unknown } | undefined)?.requestId;
  if (typeof id === 'string' || typeof id === 'number') inflight.get(id)?.abort();
}

/** A thrown error as the SDK's `Protocol` renders it in a reply. */
function wireError(e: unknown): { code: number; message: string; data?: unknown } {
  const err = (typeof e === 'object' && e !== null ? e : {}) as { code?: unknown; message?: unknown; data?: unknown };
  const code = typeof err.code === 'number' && Number.isSafeInteger(err.code) ? err.code : ERROR_CODES.INTERNAL.jsonrpc;
  const message = typeof err.message === 'string' ? err.message : 'Internal error';
  return { code, message, ...(err.data === undefined ? {} : { data: err.data }) };
}
