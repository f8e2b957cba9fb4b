import { afterEach, describe, expect, it } from 'vitest';
import { startGeminiFake } from '../fakes/gemini.js';
import { textStep, toolStep } from '../fakes/script.js';
import { runGeminiCli, writeGeminiSettings } from './gemini-cli.js';
import { startHookRecorder } from './hook-recorder.js';
import { rampartHooks } from './install.js';
import { writeRecorderProgram } from './recorder-program.js';
import { createWorkspace, type Workspace } from './workspace.js';

// `npm run test:agents`: the real Gemini CLI 0.61.0 (cached outside the repo) against the scripted Gemini server.
const SCRIPT = [toolStep('run_shell_command', { command: 'cat notes.txt && touch tool-ran.marker', description: 'Read notes.txt' }), textStep((t) => `Done. The tool said: ${t.lastToolResult ?? '-'}`)];

const open: { close(): Promise<void> }[] = [];
let ws: Workspace | undefined;
afterEach(async () => {
  await Promise.all(open.splice(0).map((s) => s.close()));
  ws?.cleanup();
});

describe('rampart hooks install, with the real Gemini CLI', () => {
  for (const scope of ['user', 'project'] as const) {
    it(`${scope}-scope hooks fire for every event; a BeforeTool deny stops the tool; uninstall keeps the settings`, async () => {
      ws = createWorkspace({ 'notes.txt': 'secret note: the launch code is 1234\n' });
      const userSettings = writeGeminiSettings(ws);
      const before = ws.read(userSettings);
      const model = await startGeminiFake({ script: SCRIPT });
      const recorder = await startHookRecorder();
      open.push(model, recorder);
      const program = writeRecorderProgram(ws.root);
      const inst = await rampartHooks(ws, ['install', '--agent', 'gemini-cli', '--scope', scope, '--project', ws.project, '--server', recorder.url, '--program', program]);
      expect(inst.code, inst.stderr).toBe(0);

      const run = await runGeminiCli({ ws, baseUrl: model.url, prompt: 'Show me what is in notes.txt' });
      expect(run.exitCode, run.stderr).toBe(0);
      expect(ws.exists('tool-ran.marker')).toBe(true);
      expect(recorder.hooks.map((h) => h.event)).toEqual(['SessionStart', 'BeforeAgent', 'BeforeTool', 'AfterTool', 'AfterAgent', 'SessionEnd']);
      expect(recorder.hooks[2]?.payload).toMatchObject({ tool_name: 'run_shell_command', tool_input: { command: 'cat notes.txt && touch tool-ran.marker' } });

      // Gemini needs its own deny shape (top-level decision), not Claude's hookSpecificOutput (pitfall 3).
      const { unlinkSync } = await import('node:fs');
      unlinkSync(`${ws.project}/tool-ran.marker`);
      const denying = await startHookRecorder((h) => (h.event === 'BeforeTool' ? { body: { decision: 'deny', reason: 'Blocked by Rampart: test policy' } } : {}));
      open.push(denying);
      await rampartHooks(ws, ['install', '--agent', 'gemini-cli', '--scope', scope, '--project', ws.project, '--server', denying.url, '--program', program]);
      const denied = await runGeminiCli({ ws, baseUrl: model.url, prompt: 'Show me what is in notes.txt' });
      expect(denied.exitCode, denied.stderr).toBe(0);
      expect(denying.hooks.map((h) => h.event)).toContain('BeforeTool');
      expect(ws.exists('tool-ran.marker')).toBe(false);

      const un = await rampartHooks(ws, ['uninstall', '--agent', 'gemini-cli', '--scope', scope, '--project', ws.project]);
      expect(un.code, un.stderr).toBe(0);
      expect(JSON.parse(ws.read(userSettings))).toEqual(JSON.parse(before));
    });
  }
});
