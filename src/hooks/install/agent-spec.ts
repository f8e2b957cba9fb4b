import type { Result } from '../../core/result.js';
import type { AgentName } from './agents.js';
import type { FailMode, InstallEnv, InstallRequest, JsonObject, Scope, Transport } from './types.js';

/** One hook event an agent fires and Rampart listens to. */
export interface HookEvent {
  readonly name: string;
  /** Fires per tool call, so the entry carries a matcher for every tool (grouped layouts). */
  readonly tool: boolean;
  /** The agent waits for this hook's answer and can be stopped by it. */
  readonly blocking: boolean;
  /** The agent accepts `type: "http"` hooks on this event. */
  readonly http: boolean;
}

/** The inputs of one hook entry the installer writes. */
export interface HandlerInput {
  readonly event: HookEvent;
  readonly transport: Transport;
  /** The command line (transport `command`). */
  readonly command: string;
  /** The server endpoint (transport `http`). */
  readonly url: string;
  readonly fail: FailMode;
}

/**
 * How one agent keeps its hooks: where the file is per scope, which layout it uses, the shape of one entry,
 * and what to tell the user. One file per agent under agents/ (sibling files, one concept each).
 */
export interface AgentSpec {
  readonly agent: AgentName;
  readonly label: string;
  /**
   * `grouped`: `hooks.<Event> = [{ matcher?, hooks: [handler] }]` (Claude Code, Codex, Gemini CLI).
   * `flat`: `hooks.<event> = [handler]` (Cursor, Copilot).
   */
  readonly layout: 'grouped' | 'flat';
  /** Top-level keys a new file starts with (`{"version": 1}` for Cursor and Copilot). */
  readonly rootDefaults: JsonObject;
  /** The file is Rampart's own (Copilot reads every *.json in its hooks folder): uninstall deletes it once empty. */
  readonly ownsFile: boolean;
  readonly events: readonly HookEvent[];
  readonly supportsHttp: boolean;
  /** The settings file for a scope, or why this agent has none there. */
  settingsPath(scope: Scope, env: InstallEnv): Result<string, string>;
  /** The matcher of a grouped entry for a tool event; undefined writes none. */
  readonly toolMatcher: string | undefined;
  /** One handler object in the agent's own format. */
  handler(h: HandlerInput): JsonObject;
  /** The command line a handler runs, if it is a command handler. */
  commandOf(handler: JsonObject): string | undefined;
  /** What the user must know about an install (trust gates, fail-open transports). */
  notes(req: InstallRequest): readonly string[];
  /** Settings in the file itself that would keep our hooks from running (read after the merge). */
  blockers(doc: JsonObject, ctx: { readonly transport: Transport; readonly url: string }): readonly string[];
  /** Executables on PATH that show the agent is installed. */
  readonly bins: readonly string[];
  /** Folders that show the agent has been used here. */
  configDirs(env: InstallEnv): readonly string[];
}

/** Reads a string field of a handler. */
export function stringField(o: JsonObject, key: string): string | undefined {
  const v = o[key];
  return typeof v === 'string' ? v : undefined;
}
