import { err, ok, type Result } from '../../core/result.js';
import type { AgentName } from './agents.js';
import { AGENT_SPECS } from './agents/index.js';
import { hookCommandLine } from './hook-command.js';
import { shapeProblem, withOurs, withoutOurs, type OurEntries } from './merge.js';
import { hookPath } from './ours.js';
import { deleteSettings, readSettings, renderSettings, writeSettings } from './settings-file.js';
import { isJsonObject, type InstallEnv, type InstallRequest, type JsonObject, type Scope } from './types.js';

/** What an install or uninstall did. */
export interface InstallOutcome {
  readonly agent: AgentName;
  readonly scope: Scope;
  /** The settings file written, or that would have been. */
  readonly path: string;
  /** False when the file already said exactly this (nothing written, no backup). */
  readonly changed: boolean;
  /** The timestamped copy of the file as it was before, if there was a file. */
  readonly backup: string | undefined;
  /** The file was Rampart's own and is gone (uninstall). */
  readonly deleted: boolean;
  /** Events wired (install) or unwired (uninstall). */
  readonly events: readonly string[];
  /** What the user must know: trust gates, fail-open transports. */
  readonly notes: readonly string[];
}

/** Checks a server URL and drops a trailing slash; only http and https. */
export function normalizeServer(server: string): Result<string, string> {
  let u: URL;
  try {
    u = new URL(server);
  } catch {
    return err(`--server ${JSON.stringify(server)} is not a URL (for example http://127.0.0.1:8787)`);
  }
  if (u.protocol !== 'http:' && u.protocol !== 'https:') return err(`--server must be an http or https URL, not ${u.protocol}`);
  return ok(server.replace(/\/+$/, ''));
}

/**
 * Wires Rampart into one agent's hooks at one scope: merges our entries into its settings file without
 * touching the user's own, idempotently, with a timestamped backup before any write.
 */
export function installHooks(agent: AgentName, req: InstallRequest, env: InstallEnv): Result<InstallOutcome, string> {
  const spec = AGENT_SPECS[agent];
  if (req.transport === 'http' && !spec.supportsHttp) return err(`${spec.label} has no HTTP hooks; install command hooks (leave out --http)`);
  if (req.transport === 'http' && req.server === undefined) return err('--http needs --server URL: the agent POSTs to the server itself');
  const path = spec.settingsPath(req.scope, env);
  if (!path.ok) return path;
  const file = readSettings(path.value);
  if (!file.ok) return file;
  const doc = file.value.exists ? file.value.doc : {};
  const problem = shapeProblem(spec, doc);
  if (problem !== undefined) return err(`${path.value}: ${problem}; fix it by hand, then run again`);

  const command = hookCommandLine({ program: req.program, agent, server: req.server, fail: req.fail, platform: env.platform });
  const url = `${req.server ?? ''}${hookPath(agent)}`;
  const entries: OurEntries = new Map(spec.events.map((event) => [event, spec.handler({ event, transport: req.transport, command, url, fail: req.fail })]));
  const merged = withOurs(spec, doc as JsonObject, entries);
  const text = renderSettings(merged);
  const notes = [...spec.notes(req), ...spec.blockers(merged, { transport: req.transport, url })];
  const base = { agent, scope: req.scope, path: path.value, deleted: false, events: spec.events.map((e) => e.name), notes };
  if (file.value.exists && file.value.text === text) return ok({ ...base, changed: false, backup: undefined });
  const written = writeSettings(file.value, text, env.now());
  if (!written.ok) return written;
  return ok({ ...base, changed: true, backup: written.value });
}

/**
 * Removes exactly our entries from one agent's settings at one scope and nothing else; deletes the file only
 * when it is Rampart's own (Copilot) and holds nothing more. A timestamped backup precedes any change.
 */
export function uninstallHooks(agent: AgentName, scope: Scope, env: InstallEnv): Result<InstallOutcome, string> {
  const spec = AGENT_SPECS[agent];
  const path = spec.settingsPath(scope, env);
  if (!path.ok) return path;
  const file = readSettings(path.value);
  if (!file.ok) return file;
  const base = { agent, scope, path: path.value, notes: [] as string[] };
  if (!file.value.exists || !isJsonObject(file.value.doc)) return ok({ ...base, changed: false, backup: undefined, deleted: false, events: [] });
  const before = file.value.doc;
  const removedEvents = spec.events.map((e) => e.name).filter((name) => {
    const hooks = before['hooks'];
    return isJsonObject(hooks) && withoutOurs(spec, { hooks: { [name]: hooks[name] ?? [] } }).removed;
  });
  const { doc, removed } = withoutOurs(spec, before);
  if (!removed) return ok({ ...base, changed: false, backup: undefined, deleted: false, events: [] });
  const leftover = Object.keys(doc).filter((k) => !(k in spec.rootDefaults));
  if (spec.ownsFile && leftover.length === 0) {
    const gone = deleteSettings(file.value, env.now());
    if (!gone.ok) return gone;
    return ok({ ...base, changed: true, backup: gone.value, deleted: true, events: removedEvents });
  }
  const written = writeSettings(file.value, renderSettings(doc), env.now());
  if (!written.ok) return written;
  return ok({ ...base, changed: true, backup: written.value, deleted: false, events: removedEvents });
}
