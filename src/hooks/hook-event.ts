import type { EventInput, ToolArgs } from '../core/index.js';
import type { HookReply } from './hook-reply.js';
import type { AgentTool, NormalizedTool } from './native-tools.js';

/** Where in the agent's loop a hook fired: decides what a deny means and how the reply says it. */
export type HookStage = 'session-start' | 'session-end' | 'prompt' | 'pre-tool' | 'post-tool' | 'stop' | 'other';

type WithoutSession<E> = E extends EventInput ? Omit<E, 'sessionId' | 'source' | 'actor'> : never;
/** An event an adapter derived from a payload; the handler adds the session, the surface and the actor. */
export type HookStep = WithoutSession<EventInput>;

/** A payload an adapter understood. `steps` run in order; the first that halts stops the rest. */
export interface ParsedHook {
  /** The agent's own event name (`PreToolUse`, `beforeShellExecution`, `preToolUse` …). */
  readonly event: string;
  readonly stage: HookStage;
  /** The agent's session id (Claude Code `session_id`, Cursor `conversation_id`, Copilot `sessionId`). */
  readonly agentSessionId: string | undefined;
  /** A user named by the payload itself (Cursor `user_email`), when the shim sent none. */
  readonly user: string | undefined;
  readonly steps: readonly HookStep[];
  /** For a post-tool stage: the tool's response as the agent sent it, so a redaction keeps its shape. */
  readonly toolResponse: unknown;
  /** True when the tool is an MCP tool (Claude Code names the rewrite field differently). */
  readonly mcp: boolean;
}

/** The decision for a whole delivery, in the terms every agent's reply needs. */
export interface HookOutcome {
  readonly action: 'allow' | 'deny' | 'ask' | 'redact';
  /** Why, for deny, ask and redact: shown to the developer and, on most agents, the model. */
  readonly reason: string;
  /** Redacted tool output in the tool's own shape (post-tool redact). */
  readonly output: unknown;
  /** The redacted output as one text (Copilot's `textResultForLlm`). */
  readonly outputText: string | undefined;
  /** Redacted tool arguments (pre-tool redact). */
  readonly args: ToolArgs | undefined;
}

/** What an agent's adapter provides: its payloads in, its reply out. */
export interface AgentAdapter {
  /** Reads a payload; `undefined` for an event this adapter does not know (a newer agent). */
  parse(body: { readonly [key: string]: unknown }, ctx: ParseContext): ParsedHook | undefined;
  /** Renders the decision in the agent's own reply contract. */
  render(parsed: ParsedHook, outcome: HookOutcome): HookReply;
}

/** What an adapter needs besides the payload. */
export interface ParseContext {
  /** Normalizes tools (native names, MCP servers, registry); bound to the configured registry. */
  readonly tool: (t: AgentTool) => NormalizedTool;
  /** Characters of tool output kept; the rest is cut with a marker. */
  readonly maxContentChars: number;
}
