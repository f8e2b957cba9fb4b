import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { openStore } from '../../store/open-store.js';
import type { CliIO } from '../io.js';
import { coverage } from './coverage.js';

function capture(): CliIO & { stdout: string; stderr: string } {
  const io = { stdout: '', stderr: '', tty: false, out: (s: string) => void (io.stdout += s), err: (s: string) => void (io.stderr += s) };
  return io;
}

describe('rampart coverage', () => {
  it('lists agents, users and hosts from the store, as a table or as JSON', async () => {
    const data = mkdtempSync(join(tmpdir(), 'rampart-cov-'));
    const store = await openStore({ data });
    const at = Date.now() - 90_000;
    await store.recordCoverage([
      { agent: 'claude-code', user: 'ana', host: 'laptop-1', firstSeen: at, lastSeen: at, events: 12 },
      { agent: 'cursor', user: 'bo', host: 'desk-2', firstSeen: at - 1, lastSeen: at - 1, events: 3 },
    ]);
    await store.close();

    const table = capture();
    expect(await coverage(['--data', data], table)).toBe(0);
    const lines = table.stdout.trim().split('\n');
    expect(lines[0]).toMatch(/^AGENT\s+USER\s+HOST\s+EVENTS\s+LAST SEEN$/);
    expect(lines[1]).toMatch(/^claude-code\s+ana\s+laptop-1\s+12\s+\S+ \(90s ago\)$/);
    expect(lines).toHaveLength(3);

    const json = capture();
    expect(await coverage(['--data', data, '--json'], json)).toBe(0);
    expect((JSON.parse(json.stdout) as { coverage: unknown[] }).coverage).toHaveLength(2);
  });

  it('says so when no hook was ever seen, and rejects stray arguments', async () => {
    const io = capture();
    expect(await coverage(['--data', mkdtempSync(join(tmpdir(), 'rampart-cov-'))], io)).toBe(0);
    expect(io.stdout).toBe('no hook events recorded yet\n');
    expect(await coverage(['extra'], capture())).toBe(2);
  });
});
