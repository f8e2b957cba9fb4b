import type { Finding } from './findings.js';
import type { Capability } from './labels.js';

/**
 * The normalized event model shared by every surface (DESIGN.md §2). Edges turn their wire format into
 * `EventInput`s; the engine assigns `seq` and returns the full `AgentEvent`.
 */
export const EVENT_KINDS = [
  'session.start',
  'session.end',
  'prompt',
  'model.output',
  'tool.call',
  'tool.result',
  'tools.list',
  'hook',
] as const;
export type EventKind = (typeof EVENT_KINDS)[number];

/** The surface an event arrived on. `replay` and `api` are the offline CLI and `POST /v1/events`. */
export const SURFACES = ['llm', 'mcp', 'hook', 'replay', 'api'] as const;
export type Surface = (typeof SURFACES)[number];

/** Who is acting: the human, the agent driving the tools, and on whose behalf it acts. */
export interface Actor {
  readonly user: string | undefined;
  readonly agent: string | undefined;
}

/** A tool's identity. `server` is the MCP server (or `native` for an agent's built-in tools). */
export interface ToolRef {
  readonly server: string | undefined;
  readonly name: string;
  readonly callId: string | undefined;
}

/** MCP tool annotations (spec 2025-03-26 and later). Missing hints are read pessimistically. */
export interface ToolAnnotations {
  readonly readOnlyHint?: boolean | undefined;
  readonly destructiveHint?: boolean | undefined;
  readonly idempotentHint?: boolean | undefined;
  readonly openWorldHint?: boolean | undefined;
}

/** A tool definition as an MCP server or an agent announces it. */
export interface ToolDefinition {
  readonly server: string | undefined;
  readonly name: string;
  readonly description: string;
  readonly inputSchema: unknown;
  readonly annotations: ToolAnnotations | undefined;
}

/** JSON-shaped tool arguments. */
export type ToolArgs = { readonly [key: string]: unknown };

interface EventBase {
  readonly id: string;
  readonly sessionId: string;
  readonly seq: number;
  readonly at: number;
  readonly source: Surface;
  readonly actor: Actor;
}

export type SessionStartEvent = EventBase & { readonly kind: 'session.start' };
export type SessionEndEvent = EventBase & { readonly kind: 'session.end' };
export type PromptEvent = EventBase & { readonly kind: 'prompt'; readonly text: string };
export type ModelOutputEvent = EventBase & { readonly kind: 'model.output'; readonly text: string };
export type ToolCallEvent = EventBase & {
  readonly kind: 'tool.call';
  readonly tool: ToolRef;
  readonly args: ToolArgs;
  /** Classes the engine resolved for this tool; filled in by the engine. */
  readonly capabilities: readonly Capability[];
};
export type ToolResultEvent = EventBase & {
  readonly kind: 'tool.result';
  readonly tool: ToolRef;
  readonly content: string;
  readonly isError: boolean;
  readonly capabilities: readonly Capability[];
};
export type ToolsListEvent = EventBase & { readonly kind: 'tools.list'; readonly tools: readonly ToolDefinition[] };
/**
 * A hook delivery that maps to no other kind: an event the agent's adapter does not know (a newer agent), one
 * it knows but does not normalize, or a body it could not parse. Recorded so that every delivery is stored.
 */
export type HookEvent = EventBase & {
  readonly kind: 'hook';
  /** The agent's event name, `''` when the body could not be read. */
  readonly name: string;
  /** Why it was not normalized: `unknown-event`, `unmapped`, `malformed`, `too-large`. */
  readonly note: string;
  /** A bounded excerpt of the raw body. */
  readonly raw: string;
};

/** One normalized event. Say `AgentEvent`, never `Event` (a Node global). */
export type AgentEvent =
  | SessionStartEvent
  | SessionEndEvent
  | PromptEvent
  | ModelOutputEvent
  | ToolCallEvent
  | ToolResultEvent
  | ToolsListEvent
  | HookEvent;

/** Narrows `AgentEvent` to one kind. */
export type EventOf<K extends EventKind> = Extract<AgentEvent, { readonly kind: K }>;

type Input<E> = E extends AgentEvent
  ? Omit<E, 'seq' | 'id' | 'at' | 'actor' | 'capabilities'> & {
      readonly id?: string | undefined;
      readonly at?: number | undefined;
      readonly actor?: Actor | undefined;
      /**
       * Classes set by an edge that understands the tool (a hook parses a Bash command); configuration still
       * wins. Absent: the engine resolves them from annotations and the name.
       */
      readonly capabilities?: readonly Capability[] | undefined;
      /** Findings the edge made while reading its wire format (a shadow MCP server, a secret file path). */
      readonly findings?: readonly Finding[] | undefined;
    }
  : never;

/** What an edge hands the engine: an event without the fields the engine assigns. */
export type EventInput = Input<AgentEvent>;

/** `server/name`, or `name` when the server is unknown: the display form of a tool. */
export function toolKey(tool: { readonly server: string | undefined; readonly name: string }): string {
  return tool.server === undefined ? tool.name : `${tool.server}/${tool.name}`;
}
