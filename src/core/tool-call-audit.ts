/**
 * One MCP tool call as the audit keeps it (issue 4 §7): who, where, what, the outcome, and the result's size
 * and SHA-256 (not its text, which the `tool.result` record holds). `callSeq` points at the `tool.call`
 * record of the same session, whose chained audit entry vouches for the arguments and decision.
 */
export interface ToolCallAudit {
  /** When the gateway received the call (epoch ms). */
  readonly at: number;
  readonly sessionId: string;
  readonly callSeq: number;
  readonly user: string | undefined;
  readonly agent: string | undefined;
  readonly server: string | undefined;
  readonly tool: string;
  readonly args: string;
  /** `allow`/`redact` (ran), `deny`/`ask` (engine), `forbidden` (access rule), `unknown-tool`, `error` (upstream). */
  readonly outcome: ToolCallOutcome;
  readonly rule: string | undefined;
  readonly resultBytes: number;
  readonly resultSha256: string | undefined;
  readonly isError: boolean;
  readonly latencyMs: number;
}

export const TOOL_CALL_OUTCOMES = ['allow', 'redact', 'deny', 'ask', 'forbidden', 'unknown-tool', 'error'] as const;
export type ToolCallOutcome = (typeof TOOL_CALL_OUTCOMES)[number];

/** How a forwarded metadata request (a list, templates, completion, a subscription) ended. */
export type ForwardOutcome = 'ok' | 'forbidden' | 'error';

/** Where the MCP gateway sends call audits; like `RecordSink`, must return quickly and never throw. */
export interface ToolCallSink {
  recordCall(row: ToolCallAudit): void;
  /**
   * Counts one forwarded metadata request. These carry no content the model acts on, so they get no engine
   * event and no audit row, only a counter (by server, method and outcome; never who asked or what).
   */
  countForward?(server: string, method: string, outcome: ForwardOutcome): void;
}
