import { homedir } from 'node:os';
import { join } from 'node:path';
import type { EngineRecord } from '../../core/index.js';
import { loadConfig } from '../../config/load.js';
import { DEFAULT_LIMITS } from '../../engine/engine.js';
import type { AgentName } from '../../hooks/agents.js';
import type { FailMode } from '../../hooks/fail-mode.js';
import { failReply, sniffEventName } from '../../hooks/fail-reply.js';
import { handleHook, sessionOf, type HookDelivery } from '../../hooks/handle.js';
import type { HookReply } from '../../hooks/hook-reply.js';
import { normalizeTool } from '../../hooks/native-tools.js';
import { replayInput } from '../../hooks/rebuild.js';
import { McpRegistry } from '../../hooks/registry.js';
import { createEngine, loadPolicies } from '../../server/engine-setup.js';
import { openStore } from '../../store/open-store.js';
import { MAX_PAGE, type Store } from '../../store/store.js';

/** Most stored events replayed to rebuild a session: the engine's state is bounded, so is its rebuild. */
const REBUILD_EVENTS = MAX_PAGE;
/** Attempts when another hook process wrote to the same session between our read and our write. */
const ATTEMPTS = 5;

/** The data folder of local mode: `RAMPART_DATA`, else `~/.rampart`. */
export function localDataDir(env: NodeJS.ProcessEnv = process.env): string {
  return env['RAMPART_DATA'] ?? join(homedir(), '.rampart');
}

async function evaluateOnce(store: Store, d: HookDelivery, setup: Awaited<ReturnType<typeof loadSetup>>): Promise<{ reply: HookReply; records: EngineRecord[]; agent: string | undefined; user: string | undefined }> {
  const deps0 = { tool: setup.tool, maxContentChars: DEFAULT_LIMITS.maxContentChars };
  const sessionId = sessionOf(d, deps0);
  const stored = await store.getSession(sessionId);
  const history = stored === undefined ? [] : await store.sessionEvents(sessionId, { afterSeq: stored.lastSeq - REBUILD_EVENTS });
  // Numbering continues after the stored session; the replayed history takes the seqs just before it.
  // A session.end in the history drops the session from the engine; the next event must still continue the numbering.
  let next = stored === undefined ? 0 : stored.lastSeq + 1 - history.length;
  const records: EngineRecord[] = [];
  let replaying = true;
  const engine = createEngine({
    config: setup.config,
    policy: setup.policy,
    firstSeq: (id) => (id === sessionId ? next : 0),
    sink: {
      record: (r) => {
        if (r.event.sessionId === sessionId) next = r.event.seq + 1;
        if (!replaying) records.push(r);
      },
    },
  });
  for (const rec of history) engine.process(replayInput(rec));
  replaying = false;
  const r = handleHook(d, { process: (i) => engine.process(i), ...deps0 });
  return { reply: r.reply, records, agent: r.agent, user: r.payloadUser };
}

async function loadSetup() {
  const cfg = await loadConfig(process.env['RAMPART_CONFIG']);
  if (!cfg.ok) throw new Error(cfg.error);
  const policy = await loadPolicies(cfg.value.policies);
  if (!policy.ok) throw new Error(policy.error.join('\n'));
  const registry = new McpRegistry(cfg.value.registry.servers);
  return { config: cfg.value, policy: policy.value, tool: (t: Parameters<typeof normalizeTool>[0]) => normalizeTool(t, registry) };
}

/**
 * Local mode of `rampart hook`: no server, so this process is the whole of Rampart for one delivery. It opens
 * the SQLite store, rebuilds the session's engine state from its stored events (bounded), decides, and writes
 * the new records. SQLite in WAL mode serializes writers; when two hooks of one session race, the loser's
 * write fails on the duplicate seq and it starts over with the winner's events in its history.
 * Any failure here follows the fail mode, like an unreachable server.
 */
export async function evaluateLocally(opts: { agent: AgentName; raw: string; fail: FailMode; user: string; host: string }): Promise<HookReply> {
  const d: HookDelivery = { agent: opts.agent, raw: opts.raw, user: opts.user, fail: opts.fail };
  let store: Store | undefined;
  try {
    const setup = await loadSetup();
    store = await openStore({ data: localDataDir() });
    for (let attempt = 1; ; attempt++) {
      const r = await evaluateOnce(store, d, setup);
      try {
        await store.append(r.records);
      } catch (e) {
        if (attempt < ATTEMPTS) continue;
        throw e;
      }
      const at = Date.now();
      await store.recordCoverage([{ agent: opts.agent, user: opts.user, host: opts.host, firstSeen: at, lastSeen: at, events: 1 }]);
      return r.reply;
    }
  } catch (e) {
    process.emitWarning(`rampart hook: local evaluation failed: ${e instanceof Error ? e.message : String(e)}`);
    return failReply({ agent: opts.agent, event: sniffEventName(opts.raw), mode: opts.fail, reason: 'Rampart could not evaluate this action locally' });
  } finally {
    await store?.close();
  }
}
