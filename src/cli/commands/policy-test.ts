import { readdir, readFile } from 'node:fs/promises';
import { dirname, join, resolve } from 'node:path';
import { parse } from 'yaml';
import { z } from 'zod';
import { ACTIONS, type Decision } from '../../core/index.js';
import { ConfigSchema } from '../../config/schema.js';
import { EventInputSchema } from '../../server/event-schema.js';
import { createEngine, loadPolicies } from '../../server/runtime.js';
import { toEventInput } from '../../server/to-event-input.js';
import { hookInputs } from '../../hooks/hook-inputs.js';
import { McpRegistry } from '../../hooks/registry.js';
import type { CliIO } from '../io.js';

const ExpectSchema = z.union([
  z.enum(ACTIONS),
  z.object({ action: z.enum(ACTIONS), rule: z.string().optional() }).strict(),
]);

const CaseSchema = z
  .object({
    name: z.string().min(1),
    /** Events without `sessionId`: each case is its own session. An event may carry its own `expect`. */
    events: z.array(z.record(z.string(), z.unknown())).min(1),
    /** The decision expected on the last event. */
    expect: ExpectSchema.optional(),
  })
  .strict();

/** A policy test file: cases of events in, decisions expected (OPA's and Cedar's habit). */
const TestFileSchema = z
  .object({
    /** Policy files relative to this file; the default pack when absent. */
    policies: z.array(z.string()).default([]),
    tools: ConfigSchema.shape.tools,
    /** The registry the hook events of the cases are checked against (approved MCP servers). */
    registry: ConfigSchema.shape.registry,
    cases: z.array(CaseSchema).min(1),
  })
  .strict();

type Expect = z.infer<typeof ExpectSchema>;

function mismatch(expect: Expect, d: Decision): string | undefined {
  const want = typeof expect === 'string' ? { action: expect, rule: undefined } : expect;
  if (d.action !== want.action) return `expected ${want.action}, got ${d.action}${d.action === 'allow' ? '' : ` (rule ${d.rule.id})`}`;
  if (want.rule !== undefined && (d.action === 'allow' || d.rule.id !== want.rule)) {
    return `expected rule ${want.rule}, got ${d.action === 'allow' ? 'none' : d.rule.id}`;
  }
  return undefined;
}

/** Runs one test file; returns [passed, failed]. */
async function runFile(file: string, io: CliIO): Promise<[number, number]> {
  let raw: unknown;
  try {
    raw = parse(await readFile(file, 'utf8'));
  } catch (e) {
    io.err(`${file}: ${(e as Error).message}\n`);
    return [0, 1];
  }
  const doc = TestFileSchema.safeParse(raw);
  if (!doc.success) {
    for (const i of doc.error.issues) io.err(`${file}: ${i.path.join('.') || '(root)'}: ${i.message}\n`);
    return [0, 1];
  }
  const policy = await loadPolicies(doc.data.policies.map((p) => resolve(dirname(file), p)));
  if (!policy.ok) {
    io.err(`${file}: invalid policy\n${policy.error.join('\n')}\n`);
    return [0, 1];
  }
  const engine = createEngine({ config: ConfigSchema.parse({ tools: doc.data.tools }), policy: policy.value });
  const registry = new McpRegistry(doc.data.registry.servers);
  let passed = 0;
  let failed = 0;
  for (const [ci, c] of doc.data.cases.entries()) {
    const problems: string[] = [];
    let last: Decision | undefined;
    for (const [ei, raw] of c.events.entries()) {
      const { expect, ...body } = raw;
      if (body['kind'] === 'hook') {
        // An agent's own hook payload, normalized as the hook endpoint does (native tools, MCP servers, registry).
        const inputs = hookInputs({ agent: body['agent'], payload: body['payload'], sessionId: `${file}#${ci}`, registry });
        if (!inputs.ok) {
          problems.push(`events[${ei}]: ${inputs.error}`);
          break;
        }
        for (const input of inputs.value) last = engine.process(input).decision;
        if (expect !== undefined && last !== undefined) {
          const ex = ExpectSchema.safeParse(expect);
          const m = ex.success ? mismatch(ex.data, last) : `events[${ei}].expect: ${ex.error.issues[0]?.message ?? 'invalid'}`;
          if (m !== undefined) problems.push(`events[${ei}]: ${m}`);
        }
        continue;
      }
      const ev = EventInputSchema.safeParse({ ...body, sessionId: `${file}#${ci}` });
      if (!ev.success) {
        problems.push(`events[${ei}]: ${ev.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; ')}`);
        break;
      }
      last = engine.process(toEventInput(ev.data)).decision;
      if (expect !== undefined) {
        const ex = ExpectSchema.safeParse(expect);
        const m = ex.success ? mismatch(ex.data, last) : `events[${ei}].expect: ${ex.error.issues[0]?.message ?? 'invalid'}`;
        if (m !== undefined) problems.push(`events[${ei}]: ${m}`);
      }
    }
    if (c.expect !== undefined && last !== undefined) {
      const m = mismatch(c.expect, last);
      if (m !== undefined) problems.push(`last event: ${m}`);
    }
    if (problems.length === 0) {
      passed++;
      io.out(`  ok    ${c.name}\n`);
    } else {
      failed++;
      io.out(`  FAIL  ${c.name}\n${problems.map((p) => `        ${p}\n`).join('')}`);
    }
  }
  return [passed, failed];
}

/** `rampart policy test DIR`: runs every `*.yaml` test file in DIR; exit 0 when all cases pass. */
export async function policyTest(args: string[], io: CliIO): Promise<number> {
  if (args.length !== 1) {
    io.err('usage: rampart policy test DIR\n');
    return 2;
  }
  const dir = args[0] as string;
  let files: string[];
  try {
    files = (await readdir(dir)).filter((f) => f.endsWith('.yaml') || f.endsWith('.yml')).sort();
  } catch (e) {
    io.err(`rampart policy test: cannot read ${dir}: ${(e as NodeJS.ErrnoException).code ?? String(e)}\n`);
    return 2;
  }
  let passed = 0;
  let failed = 0;
  for (const f of files) {
    io.out(`${f}\n`);
    const [p, fl] = await runFile(join(dir, f), io);
    passed += p;
    failed += fl;
  }
  io.out(`\n${passed} passed, ${failed} failed\n`);
  return failed === 0 && passed > 0 ? 0 : 1;
}
