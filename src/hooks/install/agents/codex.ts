import { join } from 'node:path';
import { err, ok } from '../../../core/result.js';
import { stringField, type AgentSpec, type HookEvent } from '../agent-spec.js';

const ev = (name: string, tool: boolean, blocking: boolean): HookEvent => ({ name, tool, blocking, http: false });

/** Codex's home: CODEX_HOME, else ~/.codex. */
function codexHome(env: { readonly home: string; readonly env: Readonly<Record<string, string | undefined>> }): string {
  return env.env['CODEX_HOME'] ?? join(env.home, '.codex');
}

/**
 * Codex CLI: a `hooks.json` next to each config layer (Claude Code's schema; its root takes only
 * `description` and `hooks`, and a file Codex cannot parse is ignored whole, so entries carry no extra
 * fields). JSON, so no TOML edit is needed. Command hooks only. The system layer (/etc/codex) is managed
 * and trusted by policy; user and project hooks run only once trusted.
 * @see https://developers.openai.com/codex/hooks
 */
export const CODEX: AgentSpec = {
  agent: 'codex',
  label: 'Codex CLI',
  layout: 'grouped',
  rootDefaults: {},
  ownsFile: false,
  events: [
    ev('SessionStart', false, false),
    ev('UserPromptSubmit', false, true),
    ev('PreToolUse', true, true),
    ev('PostToolUse', true, true),
    ev('Stop', false, true),
    ev('SessionEnd', false, false),
  ],
  supportsHttp: false,
  toolMatcher: '*',
  settingsPath(scope, env) {
    switch (scope) {
      case 'user':
        return ok(join(codexHome(env), 'hooks.json'));
      case 'project':
        return ok(join(env.project, '.codex', 'hooks.json'));
      case 'managed':
        if (env.platform === 'win32') return err('Codex has no machine-wide hooks file on Windows; use --scope user or project');
        return ok(join(env.managedRoot, 'etc', 'codex', 'hooks.json'));
    }
  },
  handler: (h) => ({ type: 'command', command: h.command }),
  commandOf: (o) => (stringField(o, 'type') === 'command' ? stringField(o, 'command') : undefined),
  blockers: () => [],
  notes(req) {
    if (req.scope === 'managed') return [];
    const notes = [
      'Codex runs user and project hooks only after they are trusted (review them with /hooks in codex); ' +
        'until then it skips them without a word. `codex exec --dangerously-bypass-hook-trust` runs them unreviewed.',
    ];
    if (req.scope === 'project') notes.push('Codex loads project hooks only in a trusted project (trust the folder, or `codex exec --trust` once).');
    return notes;
  },
  bins: ['codex'],
  configDirs: (env) => [codexHome(env)],
};
