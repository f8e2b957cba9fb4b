/**
 * The approved definition of one upstream MCP tool (issue 4 §6), kept across restarts so that a definition
 * changed while the gateway was down is still caught.
 */
export interface ToolPinRecord {
  readonly server: string;
  readonly tool: string;
  /** SHA-256 hex over the tool's name, description, input schema and annotations. */
  readonly pin: string;
  readonly approvedAt: number;
  /** `first-use` for a pin taken the first time the tool was seen, else the admin who approved it. */
  readonly approvedBy: string;
}
