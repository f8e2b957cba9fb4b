/**
 * The one error table for every wire format (tRPC `TRPC_ERROR_CODES_BY_KEY`, STYLE.md §3): each code maps to
 * an HTTP status and a JSON-RPC code. Later surfaces render these; nothing else invents status codes.
 */
export const ERROR_CODES = {
  BAD_REQUEST: { http: 400, jsonrpc: -32600 },
  PARSE_ERROR: { http: 400, jsonrpc: -32700 },
  INVALID_PARAMS: { http: 400, jsonrpc: -32602 },
  UNAUTHORIZED: { http: 401, jsonrpc: -32001 },
  POLICY_DENIED: { http: 403, jsonrpc: -32003 },
  FORBIDDEN: { http: 403, jsonrpc: -32002 },
  NOT_FOUND: { http: 404, jsonrpc: -32601 },
  /** An unknown or expired `Mcp-Session-Id` (MCP Streamable HTTP: 404; the SDK uses -32001). */
  SESSION_NOT_FOUND: { http: 404, jsonrpc: -32001 },
  PAYLOAD_TOO_LARGE: { http: 413, jsonrpc: -32600 },
  UNSUPPORTED_MEDIA_TYPE: { http: 415, jsonrpc: -32600 },
  RATE_LIMITED: { http: 429, jsonrpc: -32029 },
  INTERNAL: { http: 500, jsonrpc: -32603 },
  UPSTREAM_ERROR: { http: 502, jsonrpc: -32603 },
  UNAVAILABLE: { http: 503, jsonrpc: -32603 },
  UPSTREAM_TIMEOUT: { http: 504, jsonrpc: -32603 },
} as const;
export type ErrorCode = keyof typeof ERROR_CODES;

/**
 * The gateway's one error class. `expose` (default: HTTP status < 500) says whether `message` may reach a
 * client; unexposed errors are answered with a generic message and the request id.
 */
export class GatewayError extends Error {
  readonly code: ErrorCode;
  readonly expose: boolean;
  readonly details: unknown;

  constructor(code: ErrorCode, message: string, opts: { cause?: unknown; expose?: boolean; details?: unknown } = {}) {
    super(message, opts.cause === undefined ? undefined : { cause: opts.cause });
    this.name = 'GatewayError';
    this.code = code;
    this.expose = opts.expose ?? ERROR_CODES[code].http < 500;
    this.details = opts.details;
  }

  get status(): number {
    return ERROR_CODES[this.code].http;
  }
}

/** Normalizes any thrown value at a boundary, keeping it as `cause` (tRPC `getTRPCErrorFromUnknown`). */
export function toGatewayError(thrown: unknown): GatewayError {
  if (thrown instanceof GatewayError) return thrown;
  return new GatewayError('INTERNAL', 'internal error', { cause: thrown, expose: false });
}
