import { randomUUID } from 'node:crypto';
import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { runClaudeCode } from '../agents/claude-code.js';
import { startHookRecorder, type HookRecorder } from '../agents/hook-recorder.js';
import { rampartHooks } from '../agents/install.js';
import { runScenario, shellStep } from '../agents/scenario.js';
import { writeRecorderProgram } from '../agents/recorder-program.js';
import { createWorkspace, type Workspace } from '../agents/workspace.js';
import { startAnthropicFake } from '../fakes/anthropic.js';
import type { FakeServer } from '../fakes/recording-server.js';
import { textStep, toolStep } from '../fakes/script.js';

// The real Claude Code (pinned devDependency), headless and offline, against the scripted Anthropic server.
const SCRIPT = [
  toolStep('Bash', { command: 'cat notes.txt && touch tool-ran.marker', description: 'Read notes.txt' }),
  textStep((t) => `Done. The tool said: ${t.lastToolResult ?? '(nothing)'}`),
];

/** The user's own settings before Rampart: a hook of theirs and an unrelated key that must survive. */
function usersSettings(userLog: string) {
  return {
    permissions: { allow: ['Bash(ls:*)'] },
    hooks: { PreToolUse: [{ matcher: 'Bash', hooks: [{ type: 'command', command: `cat > /dev/null; echo user-hook >> ${userLog}` }] }] },
  };
}

const open: { close(): Promise<void> }[] = [];
let ws: Workspace | undefined;
afterEach(async () => {
  await Promise.all(open.splice(0).map((s) => s.close()));
  ws?.cleanup();
  ws = undefined;
});

async function setUp(): Promise<{ ws: Workspace; model: FakeServer; recorder: HookRecorder; program: string; settings: string; before: string; userLog: string }> {
  const w = createWorkspace({ 'notes.txt': 'secret note: the launch code is 1234\n' });
  ws = w;
  const userLog = join(w.root, 'user-hook.log');
  const settings = w.write('.claude/settings.json', `${JSON.stringify(usersSettings(userLog), null, 2)}\n`);
  const model = await startAnthropicFake({ script: SCRIPT });
  const recorder = await startHookRecorder();
  open.push(model, recorder);
  return { ws: w, model, recorder, program: writeRecorderProgram(w.root), settings, before: w.read(settings), userLog };
}

// Each run takes 1.5–3 s here; the margin is for a loaded shared machine. A hung agent is killed at 60 s.
describe('rampart hooks install, with the real Claude Code', { timeout: 180_000 }, () => {
  it('command hooks fire for every event, beside the user hook, and uninstall leaves the user settings intact', async () => {
    const s = await setUp();
    const inst = await rampartHooks(s.ws, ['install', '--agent', 'claude-code', '--scope', 'project', '--project', s.ws.project, '--server', s.recorder.url, '--fail', 'closed', '--program', s.program]);
    expect(inst, inst.stderr).toMatchObject({ code: 0 });

    const sessionId = randomUUID();
    const run = await runClaudeCode({ ws: s.ws, baseUrl: s.model.url, prompt: 'Show me what is in notes.txt', sessionId });
    expect(run.exitCode, run.stderr).toBe(0);
    expect(run.json).toMatchObject({ is_error: false, session_id: sessionId, result: expect.stringContaining('secret note: the launch code is 1234') });
    expect(s.ws.exists('tool-ran.marker')).toBe(true);

    // Hooks can be skipped silently (pitfall 1): assert they fired, in order, through our installed command.
    const events = s.recorder.hooks.map((h) => h.event);
    expect(events).toEqual(['SessionStart', 'UserPromptSubmit', 'PreToolUse', 'PostToolUse', 'Stop', 'SessionEnd']);
    expect(s.recorder.hooks.every((h) => h.via === 'command' && h.fail === 'closed' && h.payload['session_id'] === sessionId)).toBe(true);
    const pre = s.recorder.hooks[2]?.payload as { tool_name: string; tool_input: { command: string }; tool_use_id: string };
    expect(pre.tool_name).toBe('Bash');
    expect(pre.tool_input.command).toBe('cat notes.txt && touch tool-ran.marker');
    // The same session on the model wire, and the tool result the model got back.
    const posts = s.model.requests.filter((r) => r.path === '/v1/messages');
    expect(posts.length).toBeGreaterThanOrEqual(2);
    expect(posts.every((r) => r.headers['x-claude-code-session-id'] === sessionId)).toBe(true);
    expect(posts.at(-1)?.raw).toContain(pre.tool_use_id);
    expect(s.ws.read(s.userLog)).toContain('user-hook');

    const un = await rampartHooks(s.ws, ['uninstall', '--agent', 'claude-code', '--scope', 'project', '--project', s.ws.project]);
    expect(un, un.stderr).toMatchObject({ code: 0 });
    expect(JSON.parse(s.ws.read(s.settings))).toEqual(JSON.parse(s.before));
    expect(readdirSync(join(s.ws.project, '.claude')).filter((f) => f.includes('.rampart-backup-'))).toHaveLength(2);

    // With our hooks gone, the agent still runs and only the user's hook fires.
    const again = await runClaudeCode({ ws: s.ws, baseUrl: s.model.url, prompt: 'Show me what is in notes.txt' });
    expect(again.exitCode, again.stderr).toBe(0);
    expect(s.recorder.hooks).toHaveLength(events.length);
    expect(s.ws.read(s.userLog).match(/user-hook/g)).toHaveLength(2);
  });

  it('--http makes Claude Code POST its hooks to the server itself, SessionStart staying a command', async () => {
    const s = await setUp();
    const inst = await rampartHooks(s.ws, ['install', '--agent', 'claude-code', '--scope', 'project', '--project', s.ws.project, '--server', s.recorder.url, '--http', '--program', s.program]);
    expect(inst, inst.stderr).toMatchObject({ code: 0 });

    const run = await runClaudeCode({ ws: s.ws, baseUrl: s.model.url, prompt: 'Show me what is in notes.txt' });
    expect(run.exitCode, run.stderr).toBe(0);
    expect(s.ws.exists('tool-ran.marker')).toBe(true);
    expect(s.recorder.hooks.map((h) => `${h.event}:${h.via}`)).toEqual([
      'SessionStart:command',
      'UserPromptSubmit:http',
      'PreToolUse:http',
      'PostToolUse:http',
      'Stop:http',
      'SessionEnd:http',
    ]);
  });

  it('a PreToolUse deny from the server stops the tool: the marker stays absent', async () => {
    const s = await setUp();
    await s.recorder.close();
    const denying = await startHookRecorder((h) =>
      h.event === 'PreToolUse'
        ? { body: { hookSpecificOutput: { hookEventName: 'PreToolUse', permissionDecision: 'deny', permissionDecisionReason: 'Blocked by Rampart: test policy' } } }
        : {},
    );
    open.push(denying);
    await rampartHooks(s.ws, ['install', '--agent', 'claude-code', '--scope', 'project', '--project', s.ws.project, '--server', denying.url, '--program', s.program]);
    const run = await runClaudeCode({ ws: s.ws, baseUrl: s.model.url, prompt: 'Show me what is in notes.txt' });
    expect(run.exitCode, run.stderr).toBe(0);
    expect(s.ws.exists('tool-ran.marker')).toBe(false);
    expect(denying.hooks.map((h) => h.event)).toContain('PreToolUse');
    expect(denying.hooks.map((h) => h.event)).not.toContain('PostToolUse');
    expect(run.json).toMatchObject({ permission_denials: [expect.objectContaining({ tool_name: 'Bash' })] });
    expect(s.model.requests.at(-1)?.raw).toContain('Blocked by Rampart: test policy');
  });
});

describe('fail modes through the installed command, the server down', { timeout: 120_000 }, () => {
  const down = 'http://127.0.0.1:9'; // discard port: nothing listens
  const script = [shellStep('claude-code', 'touch tool-ran.marker'), textStep('done')];

  it('fail closed blocks at the first gate: no model request, no tool', async () => {
    const r = await runScenario({ agent: 'claude-code', script, prompt: 'Touch the marker', server: down, fail: 'closed' });
    open.push({ close: r.cleanup });
    expect(r.run.exitCode, r.run.stderr).toBe(0);
    expect(r.run.json).toMatchObject({ num_turns: 0, result: expect.stringContaining('fail closed') });
    expect(r.model.requests.filter((q) => q.path === '/v1/messages')).toHaveLength(0);
    expect(r.exists('tool-ran.marker')).toBe(false);
  });

  it('fail open lets the run go on and the tool run', async () => {
    const r = await runScenario({ agent: 'claude-code', script, prompt: 'Touch the marker', server: down, fail: 'open' });
    open.push({ close: r.cleanup });
    expect(r.run.exitCode, r.run.stderr).toBe(0);
    expect(r.exists('tool-ran.marker')).toBe(true);
  });
});
