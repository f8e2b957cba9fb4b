import { describe, expect, it } from 'vitest';
import { fixture, hookBench, out, PROJECT } from '../../../test/helpers/hooks.js';

// Contract tests against the verbatim Codex CLI 0.169.0 payloads of agents.md.

const SESSION = '01a20cd7-ee28-7260-b5f5-737c1add0a7b';
const base = { session_id: SESSION, cwd: PROJECT, model: 'gpt-5.4', permission_mode: 'bypassPermissions' };

describe('Codex CLI hooks', () => {
  it('turns the observed run into one session, with the string tool_response as the result', async () => {
    const { send, records } = await hookBench();
    const results = fixture('codex/run.jsonl').map((b) => send('codex', b));
    expect(records.map((r) => r.event.kind)).toEqual(['session.start', 'prompt', 'tool.call', 'tool.result', 'model.output', 'session.end']);
    expect(new Set(records.map((r) => r.event.sessionId))).toEqual(new Set([`codex:${SESSION}`]));
    expect(records[3]?.event.kind === 'tool.result' && records[3].event.content).toBe('secret note: the launch code is 1234\n');
    // `cat … && touch tool-ran.marker` writes a file: it is no longer a pure read.
    const call = records[2]?.event;
    expect(call?.kind === 'tool.call' && call.capabilities).toEqual(expect.arrayContaining(['reads-private', 'writes', 'executes']));
    for (const r of results) expect(r.reply.stdout).toBe('{}');
  });

  it('denies with the Claude-style JSON that Codex honours', async () => {
    const { send } = await hookBench();
    const r = send('codex', { ...base, hook_event_name: 'PreToolUse', tool_name: 'Bash', tool_input: { command: 'rm -rf ~' }, tool_use_id: 'call_1' });
    expect(out(r)).toEqual({
      hookSpecificOutput: { hookEventName: 'PreToolUse', permissionDecision: 'deny', permissionDecisionReason: expect.stringContaining('dangerous-shell') as unknown },
    });
  });

  it('turns an ask into a deny that says approval is needed: Codex hooks cannot prompt', async () => {
    const { send } = await hookBench();
    const r = send('codex', { ...base, hook_event_name: 'PreToolUse', tool_name: 'Bash', tool_input: { command: 'git push --force origin main' }, tool_use_id: 'call_1' });
    const hso = out(r)['hookSpecificOutput'] as Record<string, string>;
    expect(hso['permissionDecision']).toBe('deny');
    expect(hso['permissionDecisionReason']).toContain('approval');
  });

  it('treats an event Codex does not document (Notification) as unknown: recorded, answered per the fail mode', async () => {
    const { send, records } = await hookBench();
    expect(send('codex', { ...base, hook_event_name: 'Notification' }, { fail: 'open' }).reply.stdout).toBe('{}');
    expect(records.at(-1)?.event).toMatchObject({ kind: 'hook', name: 'Notification', note: 'unknown-event' });
  });
});
