import { join } from 'node:path';
import { ok } from '../../../core/result.js';
import { stringField, type AgentSpec, type HookEvent } from '../agent-spec.js';

const ev = (name: string, blocking: boolean): HookEvent => ({ name, tool: false, blocking, http: false });

/**
 * Cursor: `hooks.json` (`{"version":1,"hooks":{…}}`) at user, project and enterprise scope, flat layout.
 * `failClosed: true` makes Cursor block when a blocking hook crashes or times out; `timeout` is in seconds.
 * @see https://cursor.com/docs/agent/hooks
 */
export const CURSOR: AgentSpec = {
  agent: 'cursor',
  label: 'Cursor',
  layout: 'flat',
  rootDefaults: { version: 1 },
  ownsFile: false,
  events: [
    ev('sessionStart', false),
    ev('beforeSubmitPrompt', true),
    ev('beforeShellExecution', true),
    ev('afterShellExecution', false),
    ev('beforeMCPExecution', true),
    ev('afterMCPExecution', false),
    ev('beforeReadFile', true),
    ev('afterFileEdit', false),
    ev('afterAgentResponse', false),
    ev('stop', false),
    ev('sessionEnd', false),
  ],
  supportsHttp: false,
  toolMatcher: undefined,
  settingsPath(scope, env) {
    switch (scope) {
      case 'user':
        return ok(join(env.home, '.cursor', 'hooks.json'));
      case 'project':
        return ok(join(env.project, '.cursor', 'hooks.json'));
      case 'managed':
        if (env.platform === 'darwin') return ok(join(env.managedRoot, 'Library', 'Application Support', 'Cursor', 'hooks.json'));
        if (env.platform === 'win32') return ok(join(env.managedRoot, 'ProgramData', 'Cursor', 'hooks.json'));
        return ok(join(env.managedRoot, 'etc', 'cursor', 'hooks.json'));
    }
  },
  handler: (h) =>
    h.event.blocking && h.fail === 'closed' ? { command: h.command, timeout: 30, failClosed: true } : { command: h.command, timeout: 30 },
  commandOf: (o) => stringField(o, 'command'),
  blockers: () => [],
  notes: () => [],
  bins: ['cursor', 'cursor-agent'],
  configDirs: (env) => [join(env.home, '.cursor')],
};
