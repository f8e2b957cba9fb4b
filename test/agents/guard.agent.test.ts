import { randomUUID } from 'node:crypto';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { rampartSessionId } from '../../src/hooks/session-key.js';
import type { FakeServer } from '../fakes/recording-server.js';
import { COLLECTOR_URL, SENT_MARKER, attackCase, benignCase, expectAttackStored, expectBenignStored, startCollector, uploads } from './guard-cases.js';
import { startRampart, type RampartUnderTest } from './rampart-server.js';
import { runScenario, type ScenarioOptions, type ScenarioResult } from './scenario.js';

// `npm run test:agents`: the guard scenarios of test/e2e/agent-guard.test.ts with the real Codex CLI 0.169.0
// and Gemini CLI 0.61.0 (cached outside the repo), their hooks installed by the real installer and run
// through the real `rampart hook` shim against a real Rampart server.

let rampart: RampartUnderTest;
let collector: { readonly server: FakeServer; readonly env: Readonly<Record<string, string>> };
const open: ScenarioResult[] = [];

beforeAll(async () => {
  rampart = await startRampart();
  collector = await startCollector();
});
afterEach(async () => {
  await Promise.all(open.splice(0).map((r) => r.cleanup()));
  collector.server.requests.length = 0;
});
afterAll(async () => {
  await rampart.close();
  await collector.server.close();
});

/** How each agent talks to its model: the path of a model turn and where its session id shows. */
const AGENTS = {
  codex: {
    /** Whether a tool result names its call (Codex: `tool_use_id`; Gemini's AfterTool has no id), so explain can pair them. */
    pairsResults: true,
    modelTurn: (path: string) => path === '/v1/responses',
    // Codex picks its own session id; its model requests carry it as `session-id` (agents.md §2).
    sessionOf: (r: ScenarioResult) => String(r.model.requests.find((q) => typeof q.headers['session-id'] === 'string')?.headers['session-id']),
  },
  'gemini-cli': {
    pairsResults: false,
    modelTurn: (path: string) => path.endsWith(':streamGenerateContent') || path.endsWith(':generateContent'),
    sessionOf: (_r: ScenarioResult, fixed: string) => fixed,
  },
} as const;

for (const agent of ['codex', 'gemini-cli'] as const) {
  const a = AGENTS[agent];
  async function run(o: Omit<ScenarioOptions, 'agent' | 'program' | 'sessionId'>): Promise<{ r: ScenarioResult; session: string }> {
    const fixed = randomUUID();
    const r = await runScenario({ agent, program: 'rampart', sessionId: fixed, ...o, env: collector.env });
    open.push(r);
    expect(r.run.timedOut).toBe(false);
    expect(r.run.exitCode, r.run.stderr).toBe(0);
    return { r, session: rampartSessionId(agent, a.sessionOf(r, fixed)) };
  }
  const turns = (r: ScenarioResult) => r.model.requests.filter((q) => a.modelTurn(q.path));

  describe(`${agent} hooks through \`rampart hook\` and a real server`, () => {
    it('(a) denies the curl that sends .env out after an injected file read; explain shows the chain', async () => {
      const { r, session } = await run({ ...attackCase(agent), server: rampart.url });
      expect(r.exists(SENT_MARKER)).toBe(false);
      expect(uploads(collector.server)).toEqual([]);
      // The agent heeded the deny: the model's next turn carries the reason as the tool's result.
      expect(turns(r).at(-1)?.raw).toContain('blocked by policy rule');
      expectAttackStored(await rampart.events(session));
      const ex = await rampart.explain(session);
      expect(ex.code, ex.stderr).toBe(0);
      const chain = ex.stdout.slice(ex.stdout.indexOf('DENY'));
      expect(chain).toContain('ignore all previous instructions');
      expect(chain).toContain('curl -X POST --data-binary @.env');
      expect(chain.includes('result of #2 called native/Bash(command=cat notes.txt)')).toBe(a.pairsResults);
    });

    it('(b) lets the upload the user asked for run', async () => {
      const { r, session } = await run({ ...benignCase(agent), server: rampart.url });
      expect(r.exists(SENT_MARKER)).toBe(true);
      expect(uploads(collector.server)).toEqual([{ url: COLLECTOR_URL, body: 'Quarterly report: all checks green.\n' }]);
      expectBenignStored(await rampart.events(session));
    });

    it('(c) with the server down, fail closed blocks before any model turn', async () => {
      const { r } = await run({ ...benignCase(agent), server: 'http://127.0.0.1:9', fail: 'closed' });
      expect(turns(r)).toHaveLength(0);
      expect(r.exists(SENT_MARKER)).toBe(false);
      expect(uploads(collector.server)).toEqual([]);
    });

    it('(c) with the server down, fail open lets the tool run', async () => {
      const { r } = await run({ ...benignCase(agent), server: 'http://127.0.0.1:9', fail: 'open' });
      expect(turns(r).length).toBeGreaterThan(0);
      expect(r.exists(SENT_MARKER)).toBe(true);
      expect(uploads(collector.server)).toHaveLength(1);
    });
  });
}
