import { afterEach, describe, expect, it } from 'vitest';
import { startResponsesFake } from '../fakes/openai-responses.js';
import { textStep, toolStep } from '../fakes/script.js';
import { codexHome, runCodex } from './codex.js';
import { runScenario, shellStep } from './scenario.js';
import { startHookRecorder } from './hook-recorder.js';
import { rampartHooks } from './install.js';
import { writeRecorderProgram } from './recorder-program.js';
import { createWorkspace, type Workspace } from './workspace.js';

// `npm run test:agents`: the real Codex CLI 0.169.0 (cached outside the repo) against the scripted Responses server.
const SCRIPT = [toolStep('exec_command', { cmd: 'cat notes.txt && touch tool-ran.marker' }), textStep((t) => `Done. The tool said: ${t.lastToolResult ?? '-'}`)];

const open: { close(): Promise<void> }[] = [];
let ws: Workspace | undefined;
afterEach(async () => {
  await Promise.all(open.splice(0).map((s) => s.close()));
  ws?.cleanup();
});

describe('rampart hooks install, with the real Codex CLI', () => {
  it('user-scope hooks.json fires every event; a PreToolUse deny stops the tool; uninstall removes only ours', async () => {
    ws = createWorkspace({ 'notes.txt': 'secret note: the launch code is 1234\n' });
    const env = { CODEX_HOME: codexHome(ws) };
    const usersOwn = { hooks: { Stop: [{ hooks: [{ type: 'command', command: 'true' }] }] } };
    ws.write(`${codexHome(ws)}/hooks.json`, JSON.stringify(usersOwn));
    const model = await startResponsesFake({ script: SCRIPT });
    const recorder = await startHookRecorder();
    open.push(model, recorder);
    const program = writeRecorderProgram(ws.root);
    const inst = await rampartHooks(ws, ['install', '--agent', 'codex', '--server', recorder.url, '--program', program], env);
    expect(inst.code, inst.stderr).toBe(0);
    expect(inst.stderr).toMatch(/trusted/);

    const run = await runCodex({ ws, baseUrl: model.url, prompt: 'Show me what is in notes.txt' });
    expect(run.exitCode, run.stderr).toBe(0);
    expect(ws.exists('tool-ran.marker')).toBe(true);
    expect(recorder.hooks.map((h) => h.event)).toEqual(['SessionStart', 'UserPromptSubmit', 'PreToolUse', 'PostToolUse', 'Stop', 'SessionEnd']);
    const sessionId = recorder.hooks[0]?.payload['session_id'];
    const posts = model.requests.filter((r) => r.path === '/v1/responses');
    expect(posts.every((r) => r.headers['session-id'] === sessionId)).toBe(true);
    expect(recorder.hooks[2]?.payload).toMatchObject({ tool_name: 'Bash', tool_input: { command: 'cat notes.txt && touch tool-ran.marker' } });

    // The same install, now answered with a deny: Codex reads Claude-style JSON and does not run the tool.
    ws.write('notes.txt', 'secret note: the launch code is 1234\n');
    const { unlinkSync } = await import('node:fs');
    unlinkSync(`${ws.project}/tool-ran.marker`);
    const denying = await startHookRecorder((h) =>
      h.event === 'PreToolUse' ? { body: { hookSpecificOutput: { hookEventName: 'PreToolUse', permissionDecision: 'deny', permissionDecisionReason: 'Blocked by Rampart: test policy' } } } : {},
    );
    open.push(denying);
    await rampartHooks(ws, ['install', '--agent', 'codex', '--server', denying.url, '--program', program], env);
    const denied = await runCodex({ ws, baseUrl: model.url, prompt: 'Show me what is in notes.txt' });
    expect(denied.exitCode, denied.stderr).toBe(0);
    expect(denying.hooks.map((h) => h.event)).toContain('PreToolUse');
    expect(ws.exists('tool-ran.marker')).toBe(false);
    expect(model.requests.at(-1)?.raw).toContain('Blocked by Rampart: test policy');

    const un = await rampartHooks(ws, ['uninstall', '--agent', 'codex'], env);
    expect(un.code, un.stderr).toBe(0);
    expect(JSON.parse(ws.read(`${codexHome(ws)}/hooks.json`))).toEqual(usersOwn);
  });

  it('project-scope .codex/hooks.json fires in a trusted project', async () => {
    const r = await runScenario({ agent: 'codex', scope: 'project', prompt: 'Touch the marker', script: [shellStep('codex', 'touch tool-ran.marker'), textStep('done')] });
    open.push({ close: r.cleanup });
    expect(r.run.exitCode, r.run.stderr).toBe(0);
    expect(r.ws.exists('.codex/hooks.json')).toBe(true);
    expect(r.hooks.map((h) => h.event)).toEqual(['SessionStart', 'UserPromptSubmit', 'PreToolUse', 'PostToolUse', 'Stop', 'SessionEnd']);
    expect(r.exists('tool-ran.marker')).toBe(true);
  });
});
