import type { Readable, Writable } from 'node:stream';
import { serializeMessage } from '@modelcontextprotocol/sdk/shared/stdio.js';
import type { Transport } from '@modelcontextprotocol/sdk/shared/transport.js';
import { JSONRPCMessageSchema, type JSONRPCMessage } from '@modelcontextprotocol/sdk/types.js';
import { plainToolCallOf } from './fast-call.js';
import { LineBuffer } from './line-buffer.js';

const REQUEST_KEYS = new Set(['jsonrpc', 'id', 'method', 'params']);

/**
 * True for a line that the SDK's message schema would pass through unchanged: a plain `tools/call` (see
 * `plainToolCallOf`) with an integer or string id, no `_meta` and no other top-level keys. Only these skip
 * the schema, whose cost per line is a good part of the wrapper's own (bench/mcp.mjs).
 */
function isPlainCall(v: unknown): v is JSONRPCMessage {
  if (plainToolCallOf(v) === undefined) return false;
  const m = v as Record<string, unknown> & { params: Record<string, unknown> };
  if (typeof m['id'] === 'number' && !Number.isSafeInteger(m['id'])) return false;
  if (m.params['_meta'] !== undefined) return false;
  for (const k of Object.keys(m)) if (!REQUEST_KEYS.has(k)) return false;
  return true;
}

/**
 * The wrapper's stdio server transport: the SDK's `StdioServerTransport` (newline-delimited JSON-RPC, the
 * same 10 MB line bound, a bad line reported to `onerror` and dropped), except that a plain `tools/call`
 * line is parsed once and not run through the message schema (it would come out the same).
 */
export class LocalStdioTransport implements Transport {
  onmessage?: (message: JSONRPCMessage) => void;
  onclose?: () => void;
  onerror?: (error: Error) => void;
  readonly #stdin: Readable;
  readonly #stdout: Writable;
  readonly #lines = new LineBuffer();
  #started = false;

  constructor(stdin: Readable, stdout: Writable) {
    this.#stdin = stdin;
    this.#stdout = stdout;
  }

  readonly #ondata = (chunk: Buffer): void => {
    try {
      this.#lines.append(chunk);
    } catch (e) {
      this.onerror?.(e instanceof Error ? e : new Error(String(e)));
      void this.close();
      return;
    }
    for (let line = this.#lines.next(); line !== undefined; line = this.#lines.next()) {
      try {
        const parsed: unknown = JSON.parse(line);
        this.onmessage?.(isPlainCall(parsed) ? parsed : JSONRPCMessageSchema.parse(parsed));
      } catch (e) {
        this.onerror?.(e instanceof Error ? e : new Error(String(e)));
      }
    }
  };

  readonly #onerror = (error: Error): void => {
    this.onerror?.(error);
  };

  async start(): Promise<void> {
    if (this.#started) throw new Error('LocalStdioTransport already started');
    this.#started = true;
    this.#stdin.on('data', this.#ondata);
    this.#stdin.on('error', this.#onerror);
  }

  async close(): Promise<void> {
    this.#stdin.off('data', this.#ondata);
    this.#stdin.off('error', this.#onerror);
    if (this.#stdin.listenerCount('data') === 0) this.#stdin.pause();
    this.#lines.clear();
    this.onclose?.();
  }

  send(message: JSONRPCMessage): Promise<void> {
    return this.#write(serializeMessage(message));
  }

  /** Sends one message already written as JSON (one line: `JSON.stringify` output has no newline). */
  sendJson(json: string): Promise<void> {
    return this.#write(`${json}\n`);
  }

  #write(line: string): Promise<void> {
    return new Promise((resolve) => {
      if (this.#stdout.write(line)) resolve();
      else this.#stdout.once('drain', resolve);
    });
  }
}
