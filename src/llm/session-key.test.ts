import { describe, expect, it } from 'vitest';
import { rampartSessionId } from '../hooks/session-key.js';
import { llmSession } from './session-key.js';

const first = { role: 'user', content: 'hello' };

describe('llmSession', () => {
  it('takes x-rampart-session first, then the Claude Code and Codex ids the hooks use', () => {
    expect(llmSession({ 'x-rampart-session': 's1', 'x-claude-code-session-id': 'c1' }, first)).toMatchObject({ id: 's1', agent: undefined });
    expect(llmSession({ 'x-claude-code-session-id': 'c1', 'session-id': 'x1' }, first)).toMatchObject({ id: rampartSessionId('claude-code', 'c1'), agent: 'claude-code' });
    expect(llmSession({ 'session-id': 'x1' }, first)).toMatchObject({ id: rampartSessionId('codex', 'x1'), agent: 'codex' });
  });

  it('falls back to the conversation: the same first message, the same session', () => {
    const a = llmSession({}, first);
    expect(a.id).toBe(`llm:${a.conversation}`);
    expect(llmSession({}, { ...first }).id).toBe(a.id);
    expect(llmSession({}, { role: 'user', content: 'another task' }).id).not.toBe(a.id);
  });
});
