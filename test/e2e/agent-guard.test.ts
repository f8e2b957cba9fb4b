import { randomUUID } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { rampartSessionId } from '../../src/hooks/session-key.js';
import { SqliteStore } from '../../src/store/sqlite.js';
import { COLLECTOR_URL, EXFIL_COMMAND, SENT_MARKER, attackCase, benignCase, expectAttackStored, expectBenignStored, seen, startCollector, uploads } from '../agents/guard-cases.js';
import { runCli, startRampart, type RampartUnderTest } from '../agents/rampart-server.js';
import { runScenario, type ScenarioOptions, type ScenarioResult } from '../agents/scenario.js';
import type { FakeServer } from '../fakes/recording-server.js';

// The real Claude Code (pinned devDependency), headless and offline, its hooks installed by the real
// installer and run through the real `rampart hook` shim (dist/cli/main.js) or posted by Claude Code itself
// (`--http`), against a real Rampart server: default policy, SQLite store. One server and one collector serve
// every case; each Claude Code run takes 1.5–3 s here.

let rampart: RampartUnderTest;
let collector: { readonly server: FakeServer; readonly env: Readonly<Record<string, string>> };
const open: ScenarioResult[] = [];

beforeAll(async () => {
  rampart = await startRampart();
  collector = await startCollector();
}, 120_000);
afterEach(async () => {
  await Promise.all(open.splice(0).map((r) => r.cleanup()));
  collector.server.requests.length = 0;
});
afterAll(async () => {
  await rampart.close();
  await collector.server.close();
});

/** One Claude Code run through Rampart, with a fixed session id so the Rampart session can be derived. */
async function run(o: Omit<ScenarioOptions, 'agent' | 'program' | 'sessionId'>): Promise<{ r: ScenarioResult; session: string }> {
  const sessionId = randomUUID();
  const r = await runScenario({ agent: 'claude-code', program: 'rampart', sessionId, ...o, env: { ...collector.env, ...o.env } });
  open.push(r);
  expect(r.run.timedOut).toBe(false);
  expect(r.run.exitCode, r.run.stderr).toBe(0);
  expect(r.run.json).toMatchObject({ session_id: sessionId });
  return { r, session: rampartSessionId('claude-code', sessionId) };
}

const denials = (r: ScenarioResult): { tool_name: string; tool_input: { command?: string } }[] =>
  (r.run.json as { permission_denials?: { tool_name: string; tool_input: { command?: string } }[] }).permission_denials ?? [];

/** (a) through any transport: denied before it ran, nothing sent, the denial reported to the agent. */
function expectAttackBlocked(r: ScenarioResult): void {
  expect(r.exists(SENT_MARKER)).toBe(false);
  expect(uploads(collector.server)).toEqual([]);
  expect(denials(r)).toEqual([expect.objectContaining({ tool_name: 'Bash', tool_input: expect.objectContaining({ command: EXFIL_COMMAND }) })]);
  // The model saw only the reason, never the file: the next turn carries the denial as the tool result.
  const last = r.model.requests.filter((q) => q.path === '/v1/messages').at(-1)?.raw ?? '';
  expect(last).toContain('blocked by policy rule');
  expect(last).not.toContain('s3cr3t-pw');
}

describe('Claude Code command hooks through `rampart hook` and a real server', { timeout: 120_000 }, () => {
  it('(a) denies the curl that sends .env out after an injected file read; explain names both', async () => {
    const { r, session } = await run({ ...attackCase('claude-code'), server: rampart.url });
    expectAttackBlocked(r);
    const recs = await rampart.events(session);
    expect(seen(recs).map(([k]) => k)).toEqual(['session.start', 'prompt', 'tool.call', 'tool.result', 'tool.call', 'model.output', 'session.end']);
    expectAttackStored(recs);

    const ex = await rampart.explain(session);
    expect(ex.code, ex.stderr).toBe(0);
    const chain = ex.stdout.slice(ex.stdout.indexOf('DENY'));
    expect(chain).toMatch(/because:/);
    expect(chain).toContain('result of #2 called native/Bash(command=cat notes.txt'); // the read that brought the instruction in
    expect(chain).toContain('ignore all previous instructions');
    expect(chain).toContain('curl -X POST --data-binary @.env'); // the denied send itself
  });

  it('(b) lets the upload the user asked for run untouched', async () => {
    const { r, session } = await run({ ...benignCase('claude-code'), server: rampart.url });
    expect(r.exists(SENT_MARKER)).toBe(true);
    expect(uploads(collector.server)).toEqual([{ url: COLLECTOR_URL, body: 'Quarterly report: all checks green.\n' }]);
    expect(denials(r)).toEqual([]);
    expectBenignStored(await rampart.events(session));
  });
});

describe('Claude Code with the Rampart server down', { timeout: 120_000 }, () => {
  const down = 'http://127.0.0.1:9'; // discard port: nothing listens

  it('(c) fail closed blocks at the first gate: no model turn, no tool', async () => {
    const { r } = await run({ ...benignCase('claude-code'), server: down, fail: 'closed' });
    expect(r.run.json).toMatchObject({ num_turns: 0, result: expect.stringContaining('could not be reached') });
    expect(r.model.requests.filter((q) => q.path === '/v1/messages')).toHaveLength(0);
    expect(r.exists(SENT_MARKER)).toBe(false);
    expect(uploads(collector.server)).toEqual([]);
  });

  it('(c) fail open lets the tool run', async () => {
    const { r } = await run({ ...benignCase('claude-code'), server: down, fail: 'open' });
    expect(r.exists(SENT_MARKER)).toBe(true);
    expect(uploads(collector.server)).toHaveLength(1);
  });
});

describe('Claude Code HTTP hooks (`--http`) posting to the server', { timeout: 120_000 }, () => {
  it('(a) denies the exfiltration', async () => {
    const { r, session } = await run({ ...attackCase('claude-code'), server: rampart.url, http: true });
    expectAttackBlocked(r);
    expectAttackStored(await rampart.events(session));
  });

  it('(b) lets the benign upload run', async () => {
    const { r, session } = await run({ ...benignCase('claude-code'), server: rampart.url, http: true });
    expect(r.exists(SENT_MARKER)).toBe(true);
    expect(uploads(collector.server)).toHaveLength(1);
    expectBenignStored(await rampart.events(session));
  });
});

describe('Claude Code in local mode (no server: the shim evaluates with the embedded engine)', { timeout: 120_000 }, () => {
  it('(a) denies the exfiltration, and the local store explains it', async () => {
    const data = mkdtempSync(join(tmpdir(), 'rampart-local-guard-'));
    try {
      const { r, session } = await run({ ...attackCase('claude-code'), server: 'local', env: { RAMPART_DATA: data } });
      expectAttackBlocked(r);
      const store = new SqliteStore({ path: join(data, 'rampart.db') });
      try {
        expectAttackStored(await store.sessionEvents(session));
      } finally {
        await store.close();
      }
      const ex = await runCli(['explain', session, '--data', data]);
      expect(ex.stdout).toContain('curl -X POST --data-binary @.env');
    } finally {
      rmSync(data, { recursive: true, force: true });
    }
  });
});
