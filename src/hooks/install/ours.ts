import { stringField, type AgentSpec } from './agent-spec.js';
import { parseOurCommand } from './hook-command.js';
import type { FailMode, JsonObject, Transport } from './types.js';

/** One of our entries as found in a settings file. */
export interface OurHandler {
  readonly transport: Transport;
  readonly fail: FailMode;
  readonly server: string | undefined;
}

/** The path every agent's HTTP hooks POST to. */
export function hookPath(agent: string): string {
  return `/v1/hooks/${agent}`;
}

/**
 * Recognizes a handler the installer wrote: a command of ours (see parseOurCommand) or an HTTP hook whose URL
 * ends in `/v1/hooks/<agent>`. Returns how it fails, or undefined for anyone else's handler.
 */
export function ourHandler(spec: AgentSpec, h: JsonObject): OurHandler | undefined {
  if (stringField(h, 'type') === 'http') {
    const url = stringField(h, 'url');
    if (url === undefined) return undefined;
    const path = url.replace(/[?#].*$/, '');
    if (!path.endsWith(hookPath(spec.agent))) return undefined;
    // Claude Code's HTTP hooks fail open whatever we ask (agents.md §1, "HTTP hooks").
    return { transport: 'http', fail: 'open', server: path.slice(0, -hookPath(spec.agent).length) };
  }
  const command = spec.commandOf(h);
  if (command === undefined) return undefined;
  const ours = parseOurCommand(command, spec.agent);
  if (ours === undefined) return undefined;
  const agentFailsClosed = h['failClosed'] === true;
  return { transport: 'command', fail: ours.fail ?? (agentFailsClosed ? 'closed' : 'open'), server: ours.server };
}
