import { describe, expect, it } from 'vitest';
import { AGENTS } from './agents.js';
import { failReply, isGating, sniffEventName } from './fail-reply.js';
import { rampartSessionId } from './session-key.js';

describe('failReply', () => {
  it('blocks each agent\'s gating events in its own contract when failing closed', () => {
    const c = (agent: (typeof AGENTS)[number], event: string) => failReply({ agent, event, mode: 'closed', reason: 'the server could not be reached' });
    // Exit 2 for command hooks; the same deny as JSON for Claude Code's HTTP hooks, which read only the body.
    expect(c('claude-code', 'PreToolUse').exitCode).toBe(2);
    expect(JSON.parse(c('claude-code', 'PreToolUse').stdout)).toMatchObject({ hookSpecificOutput: { permissionDecision: 'deny' } });
    expect(JSON.parse(c('claude-code', 'UserPromptSubmit').stdout)).toMatchObject({ decision: 'block' });
    expect(c('gemini-cli', 'BeforeTool').exitCode).toBe(2);
    expect(JSON.parse(c('gemini-cli', 'BeforeTool').stdout)).toMatchObject({ decision: 'deny' });
    expect(JSON.parse(c('cursor', 'beforeShellExecution').stdout)).toMatchObject({ permission: 'deny' });
    expect(c('cursor', 'beforeShellExecution').exitCode).toBe(0);
    expect(JSON.parse(c('cursor', 'beforeSubmitPrompt').stdout)).toMatchObject({ continue: false });
    expect(c('copilot', 'preToolUse')).toMatchObject({ exitCode: 2 });
    expect(JSON.parse(c('copilot', 'preToolUse').stdout)).toMatchObject({ permissionDecision: 'deny' });
  });

  it('lets everything through when failing open, and non-gating events either way', () => {
    for (const agent of AGENTS) expect(failReply({ agent, event: 'PreToolUse', mode: 'open', reason: 'x' })).toEqual({ stdout: '{}', exitCode: 0, stderr: '' });
    expect(failReply({ agent: 'claude-code', event: 'Stop', mode: 'closed', reason: 'x' }).exitCode).toBe(0);
    expect(isGating('claude-code', 'PostToolUse')).toBe(false);
    expect(isGating('claude-code', undefined)).toBe(true);
    expect(isGating('claude-code', 'SomethingNew')).toBe(true);
  });

  it('finds the event name near the top of a body without parsing it', () => {
    expect(sniffEventName('{"session_id":"a","hook_event_name":"PreToolUse","tool_input":{"command":"…')).toBe('PreToolUse');
    expect(sniffEventName('{"sessionId":"a","toolName":"bash"}')).toBeUndefined();
  });
});

describe('rampartSessionId', () => {
  it('keys a session by agent and the agent\'s own id, the same for hooks and the LLM gateway', () => {
    expect(rampartSessionId('claude-code', '86b6fc42-5c26-4c01-9baa-64f5625c6eb3')).toBe('claude-code:86b6fc42-5c26-4c01-9baa-64f5625c6eb3');
    expect(rampartSessionId('codex', 'x')).not.toBe(rampartSessionId('claude-code', 'x'));
    expect(rampartSessionId('codex', 'y'.repeat(1000)).length).toBeLessThan(260);
  });
});
