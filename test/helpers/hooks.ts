import { readFileSync } from 'node:fs';
import type { EngineRecord } from '../../src/core/index.js';
import type { Engine } from '../../src/engine/engine.js';
import type { FailMode } from '../../src/hooks/fail-mode.js';
import { handleHook, type HookDeps, type HookResult } from '../../src/hooks/handle.js';
import { normalizeTool } from '../../src/hooks/native-tools.js';
import { McpRegistry, type RegistryServer } from '../../src/hooks/registry.js';
import { defaultEngine } from './engine.js';

const FIXTURES = new URL('../fixtures/hooks/', import.meta.url);

/** The project folder the fixtures' `<PROJECT>` placeholder stands for. */
export const PROJECT = '/work/project';

/** The deliveries of a fixture file, one raw JSON body per line, `<PROJECT>` filled in. */
export function fixture(path: string): string[] {
  return readFileSync(new URL(path, FIXTURES), 'utf8')
    .split('\n')
    .filter((l) => l.trim() !== '')
    .map((l) => l.split('<PROJECT>').join(PROJECT));
}

/** A hook test bench: the default engine, every record it made, and a `send` that delivers one body. */
export async function hookBench(opts: { registry?: readonly RegistryServer[]; maxContentChars?: number } = {}): Promise<{
  engine: Engine;
  records: EngineRecord[];
  deps: HookDeps;
  send: (agent: string, body: string | object, o?: { fail?: FailMode; user?: string }) => HookResult;
}> {
  const records: EngineRecord[] = [];
  const engine = await defaultEngine({ sink: { record: (r) => void records.push(r) } });
  const registry = new McpRegistry(opts.registry ?? []);
  const deps: HookDeps = { process: (i) => engine.process(i), tool: (t) => normalizeTool(t, registry), maxContentChars: opts.maxContentChars ?? 1 << 20 };
  const send = (agent: string, body: string | object, o: { fail?: FailMode; user?: string } = {}): HookResult =>
    handleHook({ agent, raw: typeof body === 'string' ? body : JSON.stringify(body), user: o.user, fail: o.fail ?? 'closed' }, deps);
  return { engine, records, deps, send };
}

/** The stdout of a reply as JSON. */
export function out(r: HookResult): Record<string, unknown> {
  return JSON.parse(r.reply.stdout) as Record<string, unknown>;
}
