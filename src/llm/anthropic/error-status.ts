/** Anthropic's error types, by the HTTP status the same error has as a response. */
const STATUS: Readonly<Record<string, number>> = {
  invalid_request_error: 400,
  authentication_error: 401,
  permission_error: 403,
  not_found_error: 404,
  request_too_large: 413,
  rate_limit_error: 429,
  api_error: 500,
  timeout_error: 504,
  overloaded_error: 529,
};

/**
 * The status an Anthropic error `type` stands for, in a stream's `event: error` as in a response; 500 for a
 * type it does not know.
 * @see https://docs.anthropic.com/en/api/errors
 */
export function anthropicErrorStatus(type: unknown): number {
  return typeof type === 'string' && Object.hasOwn(STATUS, type) ? (STATUS[type] as number) : 500;
}
