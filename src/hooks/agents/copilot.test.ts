import { describe, expect, it } from 'vitest';
import { fixture, hookBench, out, PROJECT } from '../../../test/helpers/hooks.js';
import { randomToken } from '../../engine/detectors/test-events.js';

// Contract tests from the Copilot CLI hooks reference: camelCase and PascalCase (VS Code compatible) payloads.

describe('GitHub Copilot hooks', () => {
  it('reads both payload formats into the same events', async () => {
    const camel = await hookBench();
    fixture('copilot/camel.jsonl').forEach((b) => camel.send('copilot', b));
    const pascal = await hookBench();
    fixture('copilot/pascal.jsonl').forEach((b) => pascal.send('copilot', b));
    const shape = (rs: typeof camel.records): string[] => rs.map((r) => (r.event.kind === 'hook' ? `hook:${r.event.name}` : r.event.kind));
    expect(shape(camel.records)).toEqual(['session.start', 'prompt', 'tool.call', 'tool.result', 'hook:agentStop', 'session.end']);
    expect(shape(pascal.records)).toEqual(['session.start', 'prompt', 'tool.call', 'tool.result', 'hook:Stop', 'session.end']);
    for (const rs of [camel.records, pascal.records]) {
      expect(rs[2]?.event.kind === 'tool.call' && rs[2].event.tool.name).toBe('Bash');
      expect(rs[3]?.event.kind === 'tool.result' && rs[3].event.content).toBe('total 0\nREADME.md');
    }
    expect(camel.records[0]?.event.sessionId).toBe('copilot:cp-1');
    expect(pascal.records[0]?.event.sessionId).toBe('copilot:cp-2');
  });

  it('denies preToolUse with permissionDecision and its reason', async () => {
    const { send } = await hookBench();
    const r = send('copilot', { sessionId: 's', timestamp: 1, cwd: PROJECT, toolName: 'bash', toolArgs: { command: 'rm -rf /' } });
    expect(out(r)).toEqual({ permissionDecision: 'deny', permissionDecisionReason: expect.stringContaining('dangerous-shell') as unknown });
  });

  it('rewrites a result carrying a secret with modifiedResult, in both formats', async () => {
    const { send } = await hookBench();
    const key = `ghp_${randomToken(36, 5)}`;
    const camel = send('copilot', { sessionId: 's', timestamp: 1, cwd: PROJECT, toolName: 'view', toolArgs: { path: 'a' }, toolResult: { resultType: 'success', textResultForLlm: `x\ntoken: ${key}\ny` } });
    const pascal = send('copilot', { hook_event_name: 'PostToolUse', session_id: 's2', timestamp: 't', cwd: PROJECT, tool_name: 'Read', tool_input: { path: 'a' }, tool_result: { result_type: 'success', text_result_for_llm: `token: ${key}` } });
    for (const r of [camel, pascal]) {
      const m = out(r)['modifiedResult'] as Record<string, string>;
      expect(m['resultType']).toBe('success');
      expect(m['textResultForLlm']).toContain('[REDACTED:');
      expect(r.reply.stdout).not.toContain(key);
    }
    expect((out(camel)['modifiedResult'] as Record<string, string>)['textResultForLlm']).toMatch(/^x\ntoken: \[REDACTED:[^\]]+\]\ny$/);
  });
});
