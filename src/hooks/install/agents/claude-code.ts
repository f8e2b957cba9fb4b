import { join } from 'node:path';
import { ok } from '../../../core/result.js';
import { stringField, type AgentSpec, type HookEvent } from '../agent-spec.js';

const ev = (name: string, tool: boolean, blocking: boolean, http = true): HookEvent => ({ name, tool, blocking, http });

/** Claude Code's `allowedHttpHookUrls` patterns: literal text with `*` matching anything. */
function urlPattern(p: string): RegExp {
  return new RegExp(`^${p.split('*').map((s) => s.replace(/[.+?^${}()|[\]\\]/g, '\\$&')).join('.*')}$`);
}

/** Message shown whenever Claude Code's HTTP hooks are chosen with fail closed. */
export const HTTP_FAILS_OPEN =
  "Claude Code's HTTP hooks fail open: on a timeout, an HTTP error or an unreachable server the action runs anyway. " +
  'Install command hooks (without --http) to fail closed.';

/**
 * Claude Code: `settings.json` at user, project and managed scope, grouped layout, command and HTTP hooks
 * (HTTP is not offered for SessionStart, so that one stays a command hook).
 * @see ../../../../../shared/agents.md §1 (observed with 2.1.197)
 */
export const CLAUDE_CODE: AgentSpec = {
  agent: 'claude-code',
  label: 'Claude Code',
  layout: 'grouped',
  rootDefaults: {},
  ownsFile: false,
  events: [
    ev('SessionStart', false, false, false),
    ev('UserPromptSubmit', false, true),
    ev('PreToolUse', true, true),
    ev('PostToolUse', true, true),
    ev('Stop', false, true),
    ev('SubagentStop', false, true),
    ev('SessionEnd', false, false),
  ],
  supportsHttp: true,
  toolMatcher: '*',
  settingsPath(scope, env) {
    switch (scope) {
      case 'user':
        return ok(join(env.env['CLAUDE_CONFIG_DIR'] ?? join(env.home, '.claude'), 'settings.json'));
      case 'project':
        return ok(join(env.project, '.claude', 'settings.json'));
      case 'managed':
        if (env.platform === 'darwin') return ok(join(env.managedRoot, 'Library', 'Application Support', 'ClaudeCode', 'managed-settings.json'));
        if (env.platform === 'win32') return ok(join(env.managedRoot, 'Program Files', 'ClaudeCode', 'managed-settings.json'));
        return ok(join(env.managedRoot, 'etc', 'claude-code', 'managed-settings.json'));
    }
  },
  handler(h) {
    // HTTP hooks carry no user of their own: Claude Code fills these from the environment it runs in (coverage,
    // and the API key a server that requires identity wants; an unset variable sends an empty header).
    if (h.transport === 'http' && h.event.http) {
      const headers = { 'x-rampart-user': '$USER', 'x-rampart-host': '$HOSTNAME', 'x-api-key': '$RAMPART_API_KEY' };
      return { type: 'http', url: h.url, timeout: 10, headers, allowedEnvVars: ['USER', 'HOSTNAME', 'RAMPART_API_KEY'] };
    }
    return { type: 'command', command: h.command, timeout: 30 };
  },
  commandOf: (o) => (stringField(o, 'type') === 'command' ? stringField(o, 'command') : undefined),
  blockers(doc, ctx) {
    const out: string[] = [];
    if (doc['disableAllHooks'] === true) out.push('this file sets disableAllHooks: Claude Code runs none of its hooks');
    const allowed = doc['allowedHttpHookUrls'];
    if (ctx.transport === 'http' && Array.isArray(allowed) && !allowed.some((p) => typeof p === 'string' && urlPattern(p).test(ctx.url))) {
      out.push(`allowedHttpHookUrls does not allow ${ctx.url}: Claude Code will refuse the HTTP hooks; add it to the list`);
    }
    return out;
  },
  notes(req) {
    if (req.transport !== 'http') return [];
    const notes = ['SessionStart has no HTTP hooks in Claude Code: it is installed as a command hook.'];
    if (req.fail === 'closed') notes.unshift(HTTP_FAILS_OPEN);
    return notes;
  },
  bins: ['claude'],
  configDirs: (env) => [env.env['CLAUDE_CONFIG_DIR'] ?? join(env.home, '.claude')],
};
