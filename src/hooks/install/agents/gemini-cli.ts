import { join } from 'node:path';
import { ok } from '../../../core/result.js';
import { stringField, type AgentSpec, type HookEvent } from '../agent-spec.js';
import { isJsonObject } from '../types.js';

const ev = (name: string, tool: boolean, blocking: boolean): HookEvent => ({ name, tool, blocking, http: false });

/**
 * Gemini CLI: `settings.json` at user, project and system scope, grouped layout, command hooks only,
 * `timeout` in milliseconds. No matcher: an entry without one matches every tool.
 * @see https://geminicli.com/docs/hooks/reference
 */
export const GEMINI_CLI: AgentSpec = {
  agent: 'gemini-cli',
  label: 'Gemini CLI',
  layout: 'grouped',
  rootDefaults: {},
  ownsFile: false,
  events: [
    ev('SessionStart', false, false),
    ev('BeforeAgent', false, true),
    ev('BeforeTool', true, true),
    ev('AfterTool', true, true),
    ev('AfterAgent', false, true),
    ev('SessionEnd', false, false),
  ],
  supportsHttp: false,
  toolMatcher: undefined,
  settingsPath(scope, env) {
    switch (scope) {
      case 'user':
        return ok(join(env.home, '.gemini', 'settings.json'));
      case 'project':
        return ok(join(env.project, '.gemini', 'settings.json'));
      case 'managed': {
        const override = env.env['GEMINI_CLI_SYSTEM_SETTINGS_PATH'];
        if (override !== undefined) return ok(override);
        if (env.platform === 'darwin') return ok(join(env.managedRoot, 'Library', 'Application Support', 'GeminiCli', 'settings.json'));
        if (env.platform === 'win32') return ok(join(env.managedRoot, 'ProgramData', 'gemini-cli', 'settings.json'));
        return ok(join(env.managedRoot, 'etc', 'gemini-cli', 'settings.json'));
      }
    }
  },
  handler: (h) => ({ type: 'command', name: 'rampart', command: h.command, timeout: 30_000 }),
  commandOf: (o) => (stringField(o, 'type') === 'command' ? stringField(o, 'command') : undefined),
  blockers(doc) {
    const cfg = doc['hooksConfig'];
    return isJsonObject(cfg) && cfg['enabled'] === false ? ['this file sets hooksConfig.enabled: false: Gemini CLI runs no hooks'] : [];
  },
  notes: (req) =>
    req.scope === 'project'
      ? ['Gemini CLI runs project hooks only in a trusted folder (folder trust, or GEMINI_CLI_TRUST_WORKSPACE=true); elsewhere it skips them without a word.']
      : [],
  bins: ['gemini'],
  configDirs: (env) => [join(env.home, '.gemini')],
};
