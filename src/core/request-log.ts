/**
 * One HTTP request as the gateway answered it, whatever the surface and whether or not it reached a session:
 * a bad `Origin`, malformed JSON, an expired token or an unknown session are requests too (issue 4 and 5: the
 * log keeps every request). No bodies and no credentials: who, what route, how it ended, how long it took.
 */
export interface RequestLogEntry {
  readonly at: number;
  /** Fastify's request id, also in every error body the caller got. */
  readonly requestId: string;
  readonly method: string;
  /** The matched route template (`/mcp/:view`), or `unmatched`. */
  readonly route: string;
  /** The path without its query string (ids in paths are fine; query strings may carry tokens). */
  readonly path: string;
  readonly status: number;
  /** The authenticated user, when the request got that far. */
  readonly user: string | undefined;
  /** The session the request named (`mcp-session-id`, `x-rampart-session`…), if any. */
  readonly sessionId: string | undefined;
  readonly remote: string | undefined;
  readonly latencyMs: number;
}

/** Where the HTTP edge sends request log entries; must return quickly and never throw. */
export interface RequestLogSink {
  logRequest(entry: RequestLogEntry): void;
}
