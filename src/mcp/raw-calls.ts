import { safeParse } from '@modelcontextprotocol/sdk/server/zod-compat.js';
import type { Transport } from '@modelcontextprotocol/sdk/shared/transport.js';
import { CallToolResultSchema, ErrorCode, McpError, type CallToolResult, type JSONRPCMessage } from '@modelcontextprotocol/sdk/types.js';

import type { CallSignal } from '../core/index.js';
import { plainTextResult } from './plain-result.js';

type Settle = (response: JSONRPCMessage | Error) => void;

/**
 * `tools/call` on a transport an SDK `Client` is already connected to, without going through the client:
 * its `Protocol` runs every response through three schemas and keeps per-request bookkeeping that costs more
 * than the call itself over a local pipe or a keep-alive HTTP connection (see bench/mcp.mjs). Requests carry string ids of their own
 * (`rampart-<n>`; the SDK numbers its own), their responses are taken from `onmessage` before the client
 * sees them, and everything else goes on to the client as before. Timeouts, cancellation, a closed
 * connection and the result's schema end a call exactly as `Client.callTool` does.
 */
export class RawCalls {
  readonly #transport: Transport;
  readonly #pending = new Map<string, Settle>();
  #next = 0;

  constructor(transport: Transport) {
    this.#transport = transport;
    const sdkMessage = transport.onmessage;
    const sdkClose = transport.onclose;
    transport.onmessage = (message, extra) => {
      if ('id' in message && typeof message.id === 'string' && !('method' in message)) {
        const settle = this.#pending.get(message.id);
        if (settle !== undefined) {
          this.#pending.delete(message.id);
          settle(message);
          return;
        }
      }
      sdkMessage?.(message, extra);
    };
    transport.onclose = () => {
      const pending = [...this.#pending.values()];
      this.#pending.clear();
      for (const settle of pending) settle(new McpError(ErrorCode.ConnectionClosed, 'Connection closed'));
      sdkClose?.();
    };
  }

  /** As `Client.callTool(params, undefined, { signal, timeout })` for a tool with no output schema and no required task. */
  callTool(params: { name: string; arguments?: Record<string, unknown> }, opts: { signal: CallSignal; timeoutMs: number }): Promise<CallToolResult> {
    return new Promise<CallToolResult>((resolve, reject) => {
      const { signal } = opts;
      if (signal.aborted) {
        reject(signal.reason);
        return;
      }
      const id = `rampart-${this.#next++}`;
      const done = (): void => {
        this.#pending.delete(id);
        clearTimeout(timer);
        signal.removeEventListener('abort', onAbort);
      };
      const cancel = (reason: unknown): void => {
        done();
        this.#transport.send({ jsonrpc: '2.0', method: 'notifications/cancelled', params: { requestId: id, reason: String(reason) } }).catch(() => undefined);
        reject(reason instanceof McpError ? reason : new McpError(ErrorCode.RequestTimeout, String(reason)));
      };
      const onAbort = (): void => cancel(signal.reason);
      this.#pending.set(id, (response) => {
        done();
        if (response instanceof Error) reject(response);
        else if ('error' in response) reject(new McpError(response.error.code, response.error.message, response.error.data));
        else if ('result' in response) {
          const plain = plainTextResult(response.result);
          if (plain !== undefined) {
            resolve(plain);
            return;
          }
          // The SDK's own parse, so that a bad result fails with the very error `Client.callTool` gives.
          const parsed = safeParse(CallToolResultSchema, response.result);
          if (parsed.success) resolve(parsed.data);
          else reject(parsed.error);
        }
      });
      signal.addEventListener('abort', onAbort, { once: true });
      const timer = setTimeout(() => cancel(new McpError(ErrorCode.RequestTimeout, 'Request timed out', { timeout: opts.timeoutMs })), opts.timeoutMs);
      this.#transport.send({ jsonrpc: '2.0', id, method: 'tools/call', params }).catch((e: unknown) => {
        done();
        reject(e);
      });
    });
  }
}
