import type { ErrorCode } from '../core/index.js';
import { wireError } from './wire-error.js';
import type { WireFormat } from './wire-format.js';
import type { LlmReplyTarget } from './reply-target.js';

/** Answers with an error in the caller's format (no-op once headers went out or the client left). */
export function sendWireError(res: LlmReplyTarget, format: WireFormat, code: ErrorCode, message: string, openaiCode?: string): void {
  if (res.headersSent || res.destroyed) {
    res.end();
    return;
  }
  const e = wireError(format, code, message, openaiCode);
  res.writeHead(e.status, { 'content-type': 'application/json', 'content-length': Buffer.byteLength(e.body) });
  res.end(e.body);
}

/** Writes text, waiting for the socket to drain when its buffer is full (backpressure). */
export function write(res: LlmReplyTarget, text: string): Promise<void> | undefined {
  if (res.write(text)) return undefined;
  return new Promise((resolve) => {
    const done = (): void => {
      res.off('drain', done);
      res.off('close', done);
      resolve();
    };
    res.on('drain', done);
    res.on('close', done);
  });
}
