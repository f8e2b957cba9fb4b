/**
 * The one error table for every wire format (tRPC `TRPC_ERROR_CODES_BY_KEY`, STYLE.md §3): each code maps to
 * an HTTP status, a JSON-RPC code, and the error `type` of the two model APIs the LLM gateway speaks
 * (Anthropic `{type:"error",error:{type,message}}`, OpenAI `{error:{message,type,code}}`). Surfaces render
 * these; nothing else invents status codes or error types.
 * @see https://docs.anthropic.com/en/api/errors
 * @see https://platform.openai.com/docs/guides/error-codes
 */
export const ERROR_CODES = {
  BAD_REQUEST: { http: 400, jsonrpc: -32600, anthropic: 'invalid_request_error', openai: 'invalid_request_error' },
  PARSE_ERROR: { http: 400, jsonrpc: -32700, anthropic: 'invalid_request_error', openai: 'invalid_request_error' },
  INVALID_PARAMS: { http: 400, jsonrpc: -32602, anthropic: 'invalid_request_error', openai: 'invalid_request_error' },
  UNAUTHORIZED: { http: 401, jsonrpc: -32001, anthropic: 'authentication_error', openai: 'authentication_error' },
  POLICY_DENIED: { http: 403, jsonrpc: -32003, anthropic: 'permission_error', openai: 'permission_error' },
  FORBIDDEN: { http: 403, jsonrpc: -32002, anthropic: 'permission_error', openai: 'permission_error' },
  NOT_FOUND: { http: 404, jsonrpc: -32601, anthropic: 'not_found_error', openai: 'not_found_error' },
  /** An unknown or expired `Mcp-Session-Id` (MCP Streamable HTTP: 404; the SDK uses -32001). */
  SESSION_NOT_FOUND: { http: 404, jsonrpc: -32001, anthropic: 'not_found_error', openai: 'not_found_error' },
  /** The request conflicts with what exists (e.g. replacing a server the configuration file defines). */
  CONFLICT: { http: 409, jsonrpc: -32600, anthropic: 'invalid_request_error', openai: 'invalid_request_error' },
  PAYLOAD_TOO_LARGE: { http: 413, jsonrpc: -32600, anthropic: 'request_too_large', openai: 'invalid_request_error' },
  UNSUPPORTED_MEDIA_TYPE: { http: 415, jsonrpc: -32600, anthropic: 'invalid_request_error', openai: 'invalid_request_error' },
  RATE_LIMITED: { http: 429, jsonrpc: -32029, anthropic: 'rate_limit_error', openai: 'rate_limit_error' },
  /**
   * A spending budget is used up. 400, not 429: retrying cannot help until the budget resets, and both SDKs
   * retry a 429 on their own. Anthropic answers its own usage limits with a 400 `invalid_request_error`;
   * `budget_exceeded` is LiteLLM's type for the same refusal, which OpenAI-format clients of gateways know.
   */
  BUDGET_EXCEEDED: { http: 400, jsonrpc: -32029, anthropic: 'invalid_request_error', openai: 'budget_exceeded' },
  INTERNAL: { http: 500, jsonrpc: -32603, anthropic: 'api_error', openai: 'server_error' },
  UPSTREAM_ERROR: { http: 502, jsonrpc: -32603, anthropic: 'api_error', openai: 'server_error' },
  UNAVAILABLE: { http: 503, jsonrpc: -32603, anthropic: 'overloaded_error', openai: 'server_error' },
  UPSTREAM_TIMEOUT: { http: 504, jsonrpc: -32603, anthropic: 'api_error', openai: 'timeout' },
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
