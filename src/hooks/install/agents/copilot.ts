import { join } from 'node:path';
import { err, ok } from '../../../core/result.js';
import { stringField, type AgentSpec, type HookEvent } from '../agent-spec.js';

const ev = (name: string, blocking: boolean): HookEvent => ({ name, tool: false, blocking, http: false });

/** Copilot's home: COPILOT_HOME, else ~/.copilot. */
function copilotHome(env: { readonly home: string; readonly env: Readonly<Record<string, string | undefined>> }): string {
  return env.env['COPILOT_HOME'] ?? join(env.home, '.copilot');
}

/**
 * GitHub Copilot CLI: every `*.json` in `.github/hooks/` (project) and `~/.copilot/hooks/` (user) is loaded,
 * so Rampart keeps its own `rampart.json` there and never edits the user's files. Flat layout, `bash` command,
 * `timeoutSec`. Only `preToolUse` can block.
 * @see https://docs.github.com/en/copilot/reference/hooks-reference
 */
export const COPILOT: AgentSpec = {
  agent: 'copilot',
  label: 'GitHub Copilot CLI',
  layout: 'flat',
  rootDefaults: { version: 1 },
  ownsFile: true,
  events: [
    ev('sessionStart', false),
    ev('userPromptSubmitted', false),
    ev('preToolUse', true),
    ev('postToolUse', false),
    ev('agentStop', false),
    ev('subagentStop', false),
    ev('errorOccurred', false),
    ev('sessionEnd', false),
  ],
  supportsHttp: false,
  toolMatcher: undefined,
  settingsPath(scope, env) {
    switch (scope) {
      case 'user':
        return ok(join(copilotHome(env), 'hooks', 'rampart.json'));
      case 'project':
        return ok(join(env.project, '.github', 'hooks', 'rampart.json'));
      case 'managed':
        return err("Copilot CLI's machine-wide policy hooks folder is not supported by this installer yet; use --scope user or project");
    }
  },
  handler: (h) => ({ type: 'command', bash: h.command, timeoutSec: 30 }),
  commandOf: (o) => stringField(o, 'bash'),
  blockers: () => [],
  notes: () => [],
  bins: ['copilot'],
  configDirs: (env) => [copilotHome(env)],
};
