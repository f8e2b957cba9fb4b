import { randomUUID } from 'node:crypto';
import { afterEach, describe, expect, it } from 'vitest';
import { rampartSessionId } from '../../src/hooks/session-key.js';
import { runClaudeCode } from '../agents/claude-code.js';
import { rampartHooks } from '../agents/install.js';
import { createWorkspace, type Workspace } from '../agents/workspace.js';
import { startAnthropicFake } from '../fakes/anthropic.js';
import type { FakeServer } from '../fakes/recording-server.js';
import { textStep, toolStep } from '../fakes/script.js';
import { startLlmHarness, type LlmHarness } from './llm-harness.js';

const SCRIPT = [toolStep('Bash', { command: 'cat notes.txt && touch tool-ran.marker', description: 'Read notes.txt' }), textStep((t) => `Done. The tool said: ${t.lastToolResult ?? '(nothing)'}`)];

let model: FakeServer | undefined;
let gw: LlmHarness | undefined;
let ws: Workspace | undefined;
afterEach(async () => {
  await gw?.close();
  await model?.close();
  ws?.cleanup();
});

// The real Claude Code (pinned devDependency), headless and offline: its model traffic through the gateway
// (ANTHROPIC_BASE_URL) and its HTTP hooks to the same server. Each run takes a few seconds; the margin is for
// a loaded shared machine.
describe('the real Claude Code through the LLM gateway', { timeout: 180_000 }, () => {
  it('puts its model traffic and its hook events in one Rampart session', async () => {
    model = await startAnthropicFake({ script: SCRIPT });
    gw = await startLlmHarness({ anthropic: model });
    ws = createWorkspace({ 'notes.txt': 'the launch is on Tuesday\n' });
    const install = await rampartHooks(ws, ['install', '--agent', 'claude-code', '--scope', 'project', '--project', ws.project, '--server', gw.base, '--http']);
    expect(install.code).toBe(0);
    const sessionId = randomUUID();
    const run = await runClaudeCode({ ws, baseUrl: gw.base, prompt: 'Show me what is in notes.txt', sessionId });
    expect(run.json).toMatchObject({ is_error: false, session_id: sessionId, result: expect.stringContaining('the launch is on Tuesday') });
    expect(ws.exists('tool-ran.marker')).toBe(true);
    // Every model request went through the gateway to the scripted upstream, untouched headers included.
    expect(model.requests.length).toBeGreaterThanOrEqual(2);
    expect(model.requests.every((r) => r.headers['x-claude-code-session-id'] === sessionId)).toBe(true);

    await gw.rt.writer.flush();
    const rows = await gw.rt.store.sessionEvents(rampartSessionId('claude-code', sessionId));
    const bySource = (s: string) => rows.filter((r) => r.event.source === s).map((r) => r.event.kind);
    expect(bySource('llm')).toEqual(expect.arrayContaining(['prompt', 'tool.call', 'tool.result']));
    expect(bySource('hook')).toEqual(expect.arrayContaining(['prompt', 'tool.call', 'tool.result']));
    expect(rows.every((r) => r.decision.action === 'allow')).toBe(true);
  });
});
