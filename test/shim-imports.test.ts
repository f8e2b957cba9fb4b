import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { beforeAll, describe, expect, it } from 'vitest';
import { AGENTS } from '../src/hooks/agents.js';
import { FAIL_HEADER } from '../src/hooks/fail-mode.js';
import { EXIT_HEADER, STDERR_HEADER } from '../src/hooks/hook-reply.js';
import { HOOK_SHIM, ensureDist } from './helpers/dist.js';

// The installed hook command runs `dist/cli/hook-shim.cjs` on every tool call of every agent. It must stay
// CommonJS with Node built-ins only (the ES-module loader and any heavy module would add start-up time), and its
// copies of the wire constants must agree with the hook modules the server uses.

const SOURCE = readFileSync(new URL('../src/cli/hook-shim.cts', import.meta.url), 'utf8');

describe('the hook shim', () => {
  beforeAll(() => ensureDist());

  it('has no static imports but types, and requires only light Node built-ins', () => {
    const statics = [...SOURCE.matchAll(/^import\s+(?!type\b).*$/gm)];
    expect(statics).toEqual([]);
    const required = [...SOURCE.matchAll(/require\('([^']+)'\)/g)].map((m) => m[1]);
    expect(required.length).toBeGreaterThan(0);
    expect(required.every((r) => r?.startsWith('node:'))).toBe(true);
    expect(required).not.toContain('node:http');
  });

  it('copies the wire constants the server uses', () => {
    const shim = createRequire(import.meta.url)(HOOK_SHIM) as { wire: Record<string, unknown> };
    expect(shim.wire).toEqual({ AGENTS: [...AGENTS], FAIL_HEADER, EXIT_HEADER, STDERR_HEADER });
  });
});
