import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import { describe, expect, it } from 'vitest';

/** Which top-level modules each module may import (STYLE.md §1). `server` is the composition root. */
const ALLOWED: Readonly<Record<string, readonly string[]>> = {
  core: [],
  engine: ['core'],
  policy: ['core'],
  store: ['core'],
  replay: ['core', 'engine'],
  config: ['core'],
  observability: ['core', 'engine'],
  identity: ['core', 'store', 'config'],
  secrets: ['core', 'store'],
  hooks: ['core', 'engine', 'policy', 'store', 'identity'],
  llm: ['core', 'engine', 'hooks', 'identity'],
  mcp: ['core', 'engine', 'policy', 'config', 'identity'],
  server: ['core', 'engine', 'policy', 'store', 'config', 'replay', 'hooks', 'identity', 'secrets', 'llm', 'mcp', 'observability'],
  cli: ['core', 'server', 'config', 'replay', 'store', 'engine', 'policy', 'hooks', 'identity', 'secrets', 'mcp'],
};
const FRAMEWORK = /from ['"]fastify['"]/;
const SRC = new URL('../src/', import.meta.url).pathname;

function files(dir: string): string[] {
  return readdirSync(dir).flatMap((f) => {
    const p = join(dir, f);
    return statSync(p).isDirectory() ? files(p) : p.endsWith('.ts') && !p.endsWith('.test.ts') ? [p] : [];
  });
}

describe('architecture', () => {
  it('keeps imports flowing one way between modules', () => {
    const bad: string[] = [];
    for (const file of files(SRC)) {
      const from = relative(SRC, file).split('/')[0] as string;
      const allowed = ALLOWED[from];
      if (allowed === undefined) {
        bad.push(`${relative(SRC, file)}: module ${from} is not in the architecture table`);
        continue;
      }
      for (const m of readFileSync(file, 'utf8').matchAll(/from ['"](\.\.?\/[^'"]+)['"]/g)) {
        const target = relative(SRC, join(file, '..', m[1] as string)).split('/')[0] as string;
        if (target !== from && !allowed.includes(target)) bad.push(`${relative(SRC, file)} imports ${target}`);
      }
    }
    expect(bad).toEqual([]);
  });

  it('keeps the HTTP framework at the edge', () => {
    // STYLE.md §1: the framework appears only in server/ and in handler.ts files (a surface's HTTP binding).
    const bad = files(SRC).filter((f) => FRAMEWORK.test(readFileSync(f, 'utf8')) && !relative(SRC, f).startsWith('server/') && !f.endsWith('/handler.ts'));
    expect(bad).toEqual([]);
  });
});
