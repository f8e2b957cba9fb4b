import type { OutgoingHttpHeaders } from 'node:http';

/**
 * What the gateway writes a model answer to: the caller's `ServerResponse`, or an adapter that re-encodes the
 * answer for an inbound API served through another one (`/v1/responses` through Chat Completions). Only the
 * members the gateway uses, so `ServerResponse` satisfies it as is.
 */
export interface LlmReplyTarget {
  readonly headersSent: boolean;
  readonly destroyed: boolean;
  readonly writableFinished: boolean;
  readonly statusCode: number;
  writeHead(status: number, headers?: OutgoingHttpHeaders): this;
  flushHeaders(): void;
  write(chunk: string | Uint8Array): boolean;
  end(chunk?: string | Uint8Array): this;
  destroy(): this;
  on(event: 'close' | 'drain', listener: () => void): this;
  off(event: 'close' | 'drain', listener: () => void): this;
}
