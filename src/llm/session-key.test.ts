import { createHash } from 'node:crypto';
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

describe('llmSession conversation hash', () => {
  const sha = (json: string) => createHash('sha256').update(json).digest('base64url').slice(0, 22);

  it('is the SHA-256 of the first message’s JSON, remembered or not, short or long', () => {
    const short = { role: 'system', content: 'You are a coding agent.' };
    const long = { role: 'system', content: 'x'.repeat(5000) };
    for (let i = 0; i < 3; i++) {
      expect(llmSession({}, short).conversation).toBe(sha(JSON.stringify(short)));
      expect(llmSession({}, long).conversation).toBe(sha(JSON.stringify(long)));
    }
    expect(llmSession({}, undefined).conversation).toBe(sha(''));
  });

  it('stays right past the memo’s bound', () => {
    for (let i = 0; i < 2100; i++) {
      const m = { role: 'user', content: `task ${i}` };
      expect(llmSession({}, m).conversation).toBe(sha(JSON.stringify(m)));
    }
    expect(llmSession({}, { role: 'user', content: 'task 3' }).conversation).toBe(sha(JSON.stringify({ role: 'user', content: 'task 3' })));
  });
});
