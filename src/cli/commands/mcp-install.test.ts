import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { mcpConfigPath, rewriteMcpConfig } from './mcp-install.js';

const dirs: string[] = [];
afterEach(() => {
  for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true });
});
const program = { node: '/usr/bin/node', script: '/opt/rampart/dist/cli/main.js' };

describe('rampart mcp wrap --install', () => {
  it('wraps stdio servers in a Claude Code project .mcp.json, keeps the rest, and reverts exactly', () => {
    const dir = mkdtempSync(join(tmpdir(), 'rampart-wrap-install-'));
    dirs.push(dir);
    const path = mcpConfigPath('claude-code', 'project', dir);
    const original = {
      mcpServers: {
        github: { command: 'npx', args: ['-y', '@modelcontextprotocol/server-github'], env: { GITHUB_TOKEN: 'x' } },
        remote: { type: 'http', url: 'https://mcp.example.com/mcp' },
      },
      other: 1,
    };
    const text = `${JSON.stringify(original, null, 2)}\n`;
    writeFileSync(path, text);
    const r = rewriteMcpConfig({ path, mode: 'install', program, now: new Date(0) });
    expect(r).toMatchObject({ ok: true, value: { changed: ['github'], skipped: [{ name: 'remote' }] } });
    const wrapped = JSON.parse(readFileSync(path, 'utf8')) as typeof original;
    expect(wrapped.mcpServers.github).toEqual({
      command: '/usr/bin/node',
      args: ['/opt/rampart/dist/cli/main.js', 'mcp', 'wrap', '--name', 'github', '--', 'npx', '-y', '@modelcontextprotocol/server-github'],
      env: { GITHUB_TOKEN: 'x' },
    });
    expect(wrapped.mcpServers.remote).toEqual(original.mcpServers.remote);
    expect(readdirSync(dir).some((f) => f.startsWith('.mcp.json.rampart-backup-'))).toBe(true);
    // Running again changes nothing; uninstalling restores the original text.
    expect(rewriteMcpConfig({ path, mode: 'install', program })).toMatchObject({ ok: true, value: { changed: [] } });
    expect(rewriteMcpConfig({ path, mode: 'uninstall', program, now: new Date(1) })).toMatchObject({ ok: true, value: { changed: ['github'] } });
    expect(readFileSync(path, 'utf8')).toBe(text);
  });

  it('refuses a file it cannot read as JSON, and leaves it untouched', () => {
    const dir = mkdtempSync(join(tmpdir(), 'rampart-wrap-install-'));
    dirs.push(dir);
    const path = mcpConfigPath('cursor', 'user', dir, dir);
    rmSync(path, { force: true });
    expect(rewriteMcpConfig({ path, mode: 'install', program }).ok).toBe(false);
    writeFileSync(join(dir, 'bad.json'), '{ // comment\n}');
    expect(rewriteMcpConfig({ path: join(dir, 'bad.json'), mode: 'install', program }).ok).toBe(false);
    expect(readFileSync(join(dir, 'bad.json'), 'utf8')).toBe('{ // comment\n}');
  });
});
