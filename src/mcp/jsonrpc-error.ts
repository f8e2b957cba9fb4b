import type { ServerResponse } from 'node:http';
import { ERROR_CODES, type ErrorCode } from '../core/index.js';

/**
 * Writes a JSON-RPC error response with the HTTP status from the error table. `id` is `null` when the request
 * could not be read (JSON-RPC 2.0 §5).
 */
export function writeJsonRpcError(res: ServerResponse, code: ErrorCode, message: string, id: string | number | null = null): void {
  if (res.headersSent) {
    res.end();
    return;
  }
  const body = JSON.stringify({ jsonrpc: '2.0', id, error: { code: ERROR_CODES[code].jsonrpc, message } });
  res.writeHead(ERROR_CODES[code].http, { 'content-type': 'application/json', 'content-length': Buffer.byteLength(body) });
  res.end(body);
}
