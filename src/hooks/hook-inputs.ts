import { err, ok, type EventInput, type Result } from '../core/index.js';
import { DEFAULT_LIMITS } from '../engine/engine.js';
import { ADAPTERS } from './adapters.js';
import { isAgentName } from './agents.js';
import { asObject } from './fields.js';
import { normalizeTool } from './native-tools.js';
import type { McpRegistry } from './registry.js';

/**
 * The events one hook payload becomes, in a given session: what the hook endpoint feeds the engine, for
 * callers that run the engine themselves (`rampart policy test` cases of `kind: hook`).
 */
export function hookInputs(opts: { agent: unknown; payload: unknown; sessionId: string; registry: McpRegistry }): Result<EventInput[], string> {
  const { agent } = opts;
  if (typeof agent !== 'string' || !isAgentName(agent)) return err(`agent: expected one of the known agents, got ${JSON.stringify(agent)}`);
  const body = asObject(opts.payload);
  if (body === undefined) return err('payload: expected the agent\'s hook payload (an object)');
  const parsed = ADAPTERS[agent].parse(body, { tool: (t) => normalizeTool(t, opts.registry), maxContentChars: DEFAULT_LIMITS.maxContentChars });
  if (parsed === undefined) return err(`payload: not a ${agent} hook event this version knows`);
  return ok(parsed.steps.map((s) => ({ ...s, sessionId: opts.sessionId, source: 'hook', actor: { user: undefined, agent } }) as EventInput));
}
