/** Where hooks are installed: the user's own settings, a project's, or the machine-wide (admin) ones. */
export type Scope = 'user' | 'project' | 'managed';

/** All scopes, in the order `status` reports them. */
export const SCOPES: readonly Scope[] = ['user', 'project', 'managed'];

/** What happens when the gateway cannot decide: block the action (closed) or let it run (open). */
export type FailMode = 'closed' | 'open';

/** How the agent reaches Rampart: by running the `rampart hook` command, or by POSTing to the server. */
export type Transport = 'command' | 'http';

/** A JSON value as read from or written to an agent's settings file. */
export type Json = null | boolean | number | string | readonly Json[] | JsonObject;

/** A JSON object. */
export interface JsonObject {
  readonly [key: string]: Json;
}

/** Narrows a JSON value to an object (not an array, not null). */
export function isJsonObject(v: Json | undefined): v is JsonObject {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

/**
 * Where the installer looks: injected so tests never touch the real home or /etc. `env` is read for the
 * agents' own overrides (CODEX_HOME, COPILOT_HOME, GEMINI_CLI_SYSTEM_SETTINGS_PATH) and for PATH.
 */
export interface InstallEnv {
  /** The user's home folder. */
  readonly home: string;
  /** The project folder that `--scope project` writes into. */
  readonly project: string;
  /** Prefix for machine-wide paths: `/` on a real machine, a temp folder in tests. */
  readonly managedRoot: string;
  readonly platform: NodeJS.Platform;
  readonly env: Readonly<Record<string, string | undefined>>;
  /** Clock for backup names. */
  readonly now: () => Date;
}

/** The program a command hook runs: `<node> <script> hook <agent> …`. */
export interface HookProgram {
  /** Absolute path of the Node.js binary (process.execPath). */
  readonly node: string;
  /** Absolute path of the script: this package's dist/cli/hook-shim.cjs unless overridden. */
  readonly script: string;
}

/** What to install for one agent. */
export interface InstallRequest {
  readonly scope: Scope;
  readonly transport: Transport;
  readonly fail: FailMode;
  /** Base URL of the Rampart server; undefined means the hook evaluates locally. */
  readonly server: string | undefined;
  readonly program: HookProgram;
}
