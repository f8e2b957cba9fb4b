import { StdioClientTransport, type StdioServerParameters } from '@modelcontextprotocol/sdk/client/stdio.js';
import { ReadBuffer } from '@modelcontextprotocol/sdk/shared/stdio.js';
import { JSONRPCMessageSchema, type JSONRPCMessage } from '@modelcontextprotocol/sdk/types.js';
import { LineBuffer } from './line-buffer.js';

function isObject(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

/**
 * True for a line that the message schema would pass through as it is: a result response (`jsonrpc`, a string
 * `id`, an object `result` without `_meta`, nothing else). String ids are `RawCalls`' own (the SDK numbers its
 * requests), and `RawCalls` runs each such result through the SDK's `CallToolResultSchema`; every other
 * message (the SDK's responses, errors, requests, notifications) still goes through the schema.
 */
export function isPlainResult(v: unknown): v is JSONRPCMessage {
  if (!isObject(v) || v['jsonrpc'] !== '2.0' || typeof v['id'] !== 'string') return false;
  const result = v['result'];
  if (!isObject(result) || result['_meta'] !== undefined) return false;
  let keys = 0;
  for (const k in v) {
    if (k !== 'jsonrpc' && k !== 'id' && k !== 'result') return false;
    keys++;
  }
  return keys === 3;
}

/**
 * The SDK's stdio `ReadBuffer` (same lines, same bound, same errors), except that a plain result response is
 * parsed once and not run through the message schema, whose cost per line is a good part of the wrapper's
 * own on a call's way back (bench/mcp.mjs).
 */
export class ResultReadBuffer extends ReadBuffer {
  readonly #lines: LineBuffer;

  constructor(maxBufferSize?: number) {
    super(maxBufferSize === undefined ? undefined : { maxBufferSize });
    this.#lines = new LineBuffer(maxBufferSize);
  }

  override append(chunk: Buffer): void {
    this.#lines.append(chunk);
  }

  override readMessage(): JSONRPCMessage | null {
    const line = this.#lines.next();
    if (line === undefined) return null;
    const parsed: unknown = JSON.parse(line);
    return isPlainResult(parsed) ? parsed : JSONRPCMessageSchema.parse(parsed);
  }

  override clear(): void {
    this.#lines.clear();
  }
}

/**
 * The SDK's `StdioClientTransport` (spawn, supervision of the child, shutdown) reading with a
 * `ResultReadBuffer`. The SDK keeps its read buffer in a private field; if a later SDK does not, the transport
 * reads as the SDK's does, only slower (stdio-upstream.test.ts fails then, so the pin is not bumped unnoticed).
 */
export function stdioUpstreamTransport(params: StdioServerParameters): StdioClientTransport {
  const transport = new StdioClientTransport(params);
  if (Reflect.get(transport, '_readBuffer') instanceof ReadBuffer) Reflect.set(transport, '_readBuffer', new ResultReadBuffer(params.maxBufferSize));
  return transport;
}
