import { readFileSync } from 'node:fs';
import { dirname, join, relative } from 'node:path';
import { describe, expect, it } from 'vitest';

// `rampart hook` runs on every tool call of every agent: its static import graph must hold only Node
// built-ins and small hook modules. The server, the engine, the store, zod, Fastify and SQLite load only on
// demand (local mode), through `await import(...)`, which this walk does not follow on purpose.

const SRC = new URL('../src/', import.meta.url).pathname;
const STATIC_IMPORT = /^import\s+(?!type\b)[^'"]*from\s+['"]([^'"]+)['"]/gm;

function graph(entry: string): { files: string[]; packages: string[] } {
  const files = new Set<string>();
  const packages = new Set<string>();
  const visit = (file: string): void => {
    if (files.has(file)) return;
    files.add(file);
    for (const m of readFileSync(file, 'utf8').matchAll(STATIC_IMPORT)) {
      const spec = m[1] as string;
      if (spec.startsWith('.')) visit(join(dirname(file), spec).replace(/\.js$/, '.ts'));
      else packages.add(spec);
    }
  };
  visit(join(SRC, entry));
  return { files: [...files].map((f) => relative(SRC, f)).sort(), packages: [...packages].sort() };
}

describe('the hook shim', () => {
  it('imports only Node built-ins and a handful of small modules', () => {
    const g = graph('cli/main.ts');
    const hook = graph('cli/commands/hook.ts');
    expect(g.packages.every((p) => p.startsWith('node:'))).toBe(true);
    expect(hook.packages.every((p) => p.startsWith('node:'))).toBe(true);
    expect(hook.packages).not.toContain('node:http');
    const heavy = [...g.files, ...hook.files].filter((f) => /^(engine|server|store|policy|config|replay)\//.test(f));
    expect(heavy).toEqual([]);
    expect(hook.files.length).toBeLessThanOrEqual(6);
  });
});
