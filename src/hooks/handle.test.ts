import { describe, expect, it } from 'vitest';
import { hookBench, PROJECT } from '../../test/helpers/hooks.js';
import { randomToken } from '../engine/detectors/test-events.js';

// Bad input (issue 3): every delivery is stored and answered in the agent's format, following the fail mode.

const pre = { session_id: 'bad-1', cwd: PROJECT, hook_event_name: 'PreToolUse', tool_name: 'Bash', tool_input: { command: 'ls' }, tool_use_id: 't' };

describe('hook deliveries that cannot be evaluated', () => {
  it('stores a truncated body and blocks a gating event when failing closed (exit 2, a reason without paths)', async () => {
    const { send, records } = await hookBench();
    const raw = JSON.stringify(pre).slice(0, 90);
    const r = send('claude-code', raw, { fail: 'closed' });
    expect(r.reply.exitCode).toBe(2);
    expect(r.reply.stderr).toContain('could not be read');
    expect(r.reply.stderr).not.toMatch(/\/work|\/home|https?:/);
    expect(records).toHaveLength(1);
    expect(records[0]?.event).toMatchObject({ kind: 'hook', sessionId: 'claude-code:bad-1', name: 'PreToolUse', note: 'malformed' });
  });

  it('lets the same body through when failing open, and still stores it', async () => {
    const { send, records } = await hookBench();
    const r = send('claude-code', '{"hook_event_name":"PreToolUse", "session_id": "x"', { fail: 'open' });
    expect(r.reply).toEqual({ stdout: '{}', exitCode: 0, stderr: '' });
    expect(records).toHaveLength(1);
  });

  it('never blocks a non-gating event, even closed: a Stop block would make Claude Code keep going', async () => {
    const { send } = await hookBench();
    expect(send('claude-code', '{"hook_event_name":"Stop","session_id":', { fail: 'closed' }).reply.exitCode).toBe(0);
  });

  it('answers an unknown event of a known agent per the fail mode, and stores it', async () => {
    const { send, records } = await hookBench();
    const body = { ...pre, hook_event_name: 'PreThinking' };
    expect(send('claude-code', body, { fail: 'closed' }).reply.exitCode).toBe(2);
    expect(send('claude-code', body, { fail: 'open' }).reply.stdout).toBe('{}');
    expect(records.map((r) => r.event.kind === 'hook' && r.event.note)).toEqual(['unknown-event', 'unknown-event']);
  });

  it('answers an unknown agent with a reply most agents read as a block, and stores it', async () => {
    const { send, records } = await hookBench();
    const r = send('windsurf', pre, { fail: 'closed' });
    expect(r.reply.exitCode).toBe(2);
    expect(JSON.parse(r.reply.stdout)).toMatchObject({ decision: 'block', permission: 'deny', permissionDecision: 'deny' });
    expect(records[0]?.event).toMatchObject({ kind: 'hook', note: 'unknown-agent', sessionId: 'unknown-agent:bad-1' });
  });

  it('reads a payload from a newer agent version with fields it does not know', async () => {
    const { send, records } = await hookBench();
    const r = send('claude-code', { ...pre, agent_mode: 'turbo', sandbox: { level: 3 }, tool_input: { command: 'ls', timeout_ms: 5 } });
    expect(r.reply.stdout).toBe('{}');
    expect(records[0]?.event.kind).toBe('tool.call');
  });

  it('keeps a 50 MB tool output up to the inspection limit, with a marker, instead of rejecting it', async () => {
    const { send, records } = await hookBench({ maxContentChars: 1 << 20 });
    const big = 'x'.repeat(50 * 1024 * 1024);
    const r = send('claude-code', { ...pre, hook_event_name: 'PostToolUse', tool_response: { stdout: big, stderr: '' } });
    expect(r.reply.stdout).toBe('{}');
    const ev = records[0]?.event;
    expect(ev?.kind).toBe('tool.result');
    const content = ev?.kind === 'tool.result' ? ev.content : '';
    expect(content.length).toBeLessThan((1 << 20) + 200);
    expect(content).toMatch(/\[rampart: truncated, \d+ more chars not inspected\]$/);
  });

  it('masks credentials in the stored excerpt of an unreadable body', async () => {
    const { send, records } = await hookBench();
    const key = `ghp_${randomToken(36, 11)}`;
    send('claude-code', `{"hook_event_name":"PostToolUse","tool_response":"token ${key}`, { fail: 'open' });
    const ev = records[0]?.event;
    expect(ev?.kind === 'hook' && ev.raw).not.toContain(key);
  });

  it('answers a JSON value that is not an object (an array, a number) like a malformed body', async () => {
    const { send } = await hookBench();
    expect(send('gemini-cli', '[1,2]', { fail: 'closed' }).reply.exitCode).toBe(2);
    expect(send('gemini-cli', '42', { fail: 'open' }).reply.exitCode).toBe(0);
  });
});
