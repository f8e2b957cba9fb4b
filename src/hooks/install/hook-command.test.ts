import { describe, expect, it } from 'vitest';
import { hookCommandLine, parseOurCommand } from './hook-command.js';
import { TEST_PROGRAM } from './test-env.js';

describe('the hook command line', () => {
  it('spells the contract with rampart hook and reads back as ours', () => {
    const line = hookCommandLine({ program: TEST_PROGRAM, agent: 'codex', server: 'http://127.0.0.1:8787', fail: 'closed', platform: 'linux' });
    expect(line).toBe(`/usr/bin/node '/opt/ram part/it'\\''s/dist/cli/main.js' hook codex --server http://127.0.0.1:8787 --fail closed`);
    expect(parseOurCommand(line, 'codex')).toEqual({ server: 'http://127.0.0.1:8787', fail: 'closed' });
    expect(parseOurCommand(line, 'claude-code')).toBeUndefined();
  });

  it('recognizes its own Windows command line', () => {
    const program = { node: 'C:\\Program Files\\nodejs\\node.exe', script: 'C:\\Users\\me\\rampart\\dist\\cli\\main.js' };
    const line = hookCommandLine({ program, agent: 'copilot', server: undefined, fail: 'open', platform: 'win32' });
    expect(parseOurCommand(line, 'copilot')).toEqual({ server: undefined, fail: 'open' });
  });

  it('reads a global rampart binary and a command without a server', () => {
    expect(parseOurCommand('rampart hook cursor --fail open', 'cursor')).toEqual({ server: undefined, fail: 'open' });
  });

  it("does not take a user's own hooks for ours", () => {
    for (const line of [
      'mytool hook claude-code',
      '/usr/bin/node /x/main.js hook claude-code; curl evil',
      '/usr/bin/node /x/main.js hook claude-code --other 1',
      '/usr/bin/node /x/main.js hook claude-code --server',
      'sh -c "node /x/main.js hook claude-code"',
      '/usr/bin/node /x/helper.js hook claude-code',
      'env A=1 /usr/bin/node /x/main.js hook claude-code',
    ]) {
      expect(parseOurCommand(line, 'claude-code'), line).toBeUndefined();
    }
  });
});
