import { AGENTS, type AgentName } from './agents.js';
import { AGENT_SPECS } from './agents/index.js';
import { HTTP_FAILS_OPEN } from './agents/claude-code.js';
import { detectAgent, type Presence } from './detect.js';
import { ourHandler, type OurHandler } from './ours.js';
import { readSettings } from './settings-file.js';
import { isJsonObject, SCOPES, type FailMode, type InstallEnv, type Json, type Scope, type Transport } from './types.js';

/** Our hooks at one scope of one agent. */
export interface ScopeCoverage {
  readonly scope: Scope;
  readonly path: string;
  /** Events that run one of our hooks. */
  readonly events: readonly string[];
  /** Blocking events (the ones that can stop an action) without one of our hooks. */
  readonly missingBlocking: readonly string[];
  readonly transports: readonly Transport[];
  /** How our hooks fail: closed only if every one of them does. */
  readonly fails: FailMode;
  readonly servers: readonly string[];
  /** The file could not be read; coverage unknown. */
  readonly error: string | undefined;
}

/** One agent's line in `rampart hooks status`. */
export interface AgentStatus {
  readonly agent: AgentName;
  readonly label: string;
  readonly presence: Presence;
  readonly covered: boolean;
  readonly scopes: readonly ScopeCoverage[];
  readonly notes: readonly string[];
}

function handlersOf(layout: 'grouped' | 'flat', list: Json | undefined): Json[] {
  if (!Array.isArray(list)) return [];
  const items = list as readonly Json[];
  if (layout === 'flat') return [...items];
  return items.flatMap((g) => (isJsonObject(g) && Array.isArray(g['hooks']) ? [...(g['hooks'] as readonly Json[])] : []));
}

function coverage(agent: AgentName, scope: Scope, env: InstallEnv): ScopeCoverage | undefined {
  const spec = AGENT_SPECS[agent];
  const path = spec.settingsPath(scope, env);
  if (!path.ok) return undefined;
  const file = readSettings(path.value);
  const empty = { scope, path: path.value, events: [], missingBlocking: [], transports: [], fails: 'open' as const, servers: [] };
  if (!file.ok) return { ...empty, error: file.error };
  if (!file.value.exists || !isJsonObject(file.value.doc)) return undefined;
  const hooks = file.value.doc['hooks'];
  if (!isJsonObject(hooks)) return undefined;
  const found: { event: string; h: OurHandler }[] = [];
  for (const [event, list] of Object.entries(hooks)) {
    for (const h of handlersOf(spec.layout, list)) {
      const ours = isJsonObject(h) ? ourHandler(spec, h) : undefined;
      if (ours !== undefined) found.push({ event, h: ours });
    }
  }
  if (found.length === 0) return undefined;
  const events = [...new Set(found.map((f) => f.event))];
  return {
    scope,
    path: path.value,
    events,
    missingBlocking: spec.events.filter((e) => e.blocking && !events.includes(e.name)).map((e) => e.name),
    transports: [...new Set(found.map((f) => f.h.transport))],
    fails: found.every((f) => f.h.fail === 'closed') ? 'closed' : 'open',
    servers: [...new Set(found.flatMap((f) => (f.h.server === undefined ? [] : [f.h.server])))],
    error: undefined,
  };
}

/** For every agent: is it on this machine, and which scopes route it through Rampart, failing how. */
export function hooksStatus(env: InstallEnv): AgentStatus[] {
  return AGENTS.map((agent) => {
    const spec = AGENT_SPECS[agent];
    const scopes = SCOPES.flatMap((s) => coverage(agent, s, env) ?? []);
    const notes: string[] = [];
    if (scopes.some((s) => s.transports.includes('http'))) notes.push(HTTP_FAILS_OPEN);
    if (agent === 'codex' && scopes.some((s) => s.scope !== 'managed')) notes.push('Codex skips user and project hooks until they are trusted (/hooks in codex).');
    if (agent === 'gemini-cli' && scopes.some((s) => s.scope === 'project')) notes.push('Gemini CLI skips project hooks outside trusted folders.');
    return { agent, label: spec.label, presence: detectAgent(spec, env), covered: scopes.some((s) => s.error === undefined), scopes, notes };
  });
}
