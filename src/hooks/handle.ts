import type { EngineRecord, EventInput } from '../core/index.js';
import { halts } from '../core/index.js';
import { findSecrets } from '../engine/detectors/secrets.js';
import { ADAPTERS } from './adapters.js';
import { isAgentName, type AgentName } from './agents.js';
import { failReply, sniffEventName } from './fail-reply.js';
import type { FailMode } from './fail-mode.js';
import { asObject } from './fields.js';
import type { HookStep, ParseContext, ParsedHook } from './hook-event.js';
import { jsonReply, type HookReply } from './hook-reply.js';
import type { AgentTool, NormalizedTool } from './native-tools.js';
import { outcomeOf } from './outcome.js';
import { rampartSessionId } from './session-key.js';

/** Characters of a raw body kept on a `hook` event (unknown, unmapped or unreadable deliveries). */
const RAW_EXCERPT = 2048;
const SESSION_IN_RAW = /"(?:session_id|sessionId|conversation_id)"\s*:\s*"([^"\\]{1,200})"/;

/** One hook delivery as it reached Rampart: the route's agent name, the raw body, and who sent it. */
export interface HookDelivery {
  readonly agent: string;
  readonly raw: string;
  /** From the shim's headers (`os.userInfo`, `os.hostname`); `undefined` for Claude Code HTTP hooks. */
  readonly user: string | undefined;
  readonly fail: FailMode;
  /** Set when the body never arrived whole (`too-large`, `malformed`): recorded and answered per the fail mode. */
  readonly problem?: string | undefined;
}

/** What evaluating a delivery needs: the engine (server or local), tool normalization, limits. */
export interface HookDeps {
  /** Runs one event through the engine; never throws (`Engine.process`). */
  readonly process: (input: EventInput) => EngineRecord;
  readonly tool: (t: AgentTool) => NormalizedTool;
  readonly maxContentChars: number;
}

/** The reply, plus what coverage and tests want to know. */
export interface HookResult {
  readonly reply: HookReply;
  readonly agent: AgentName | undefined;
  readonly sessionId: string;
  readonly event: string | undefined;
  /** The user the payload named, when the shim did not send one (Cursor `user_email`). */
  readonly payloadUser: string | undefined;
  readonly records: readonly EngineRecord[];
}

/** A raw excerpt with credentials masked: bodies we could not read still must not put secrets in the store. */
function excerpt(raw: string): string {
  let text = raw.length > RAW_EXCERPT ? raw.slice(0, RAW_EXCERPT) : raw;
  for (const h of [...findSecrets(text, 16)].sort((a, b) => b.start - a.start)) text = `${text.slice(0, h.start)}[REDACTED:${h.kind}]${text.slice(h.end)}`;
  return text;
}

/**
 * Unknown agents get a reply most agents read as a block when failing closed: Claude Code and Gemini CLI read
 * `decision`, Cursor `permission`, Copilot and Codex `permissionDecision`; exit 2 blocks the rest.
 */
function unknownAgentReply(mode: FailMode, name: string): HookReply {
  if (mode === 'open') return jsonReply({});
  const reason = `Rampart: unknown agent "${name.slice(0, 40)}" in the hook URL; blocked because hooks are set to fail closed.`;
  return {
    stdout: JSON.stringify({ decision: 'block', reason, permission: 'deny', user_message: reason, permissionDecision: 'deny', permissionDecisionReason: reason }),
    exitCode: 2,
    stderr: reason,
  };
}

/**
 * The Rampart session a delivery belongs to, read before evaluating it (local mode rebuilds that session's
 * state first). Parses the body a second time; local mode may be slower, the server never calls this.
 */
export function sessionOf(d: HookDelivery, deps: Pick<HookDeps, 'tool' | 'maxContentChars'>): string {
  const fromRaw = (): string => SESSION_IN_RAW.exec(d.raw.slice(0, 1 << 16))?.[1] ?? 'unattributed';
  if (!isAgentName(d.agent)) return `unknown-agent:${fromRaw()}`;
  try {
    const body = asObject(JSON.parse(d.raw));
    const parsed = body === undefined ? undefined : ADAPTERS[d.agent].parse(body, deps);
    return rampartSessionId(d.agent, parsed?.agentSessionId ?? fromRaw());
  } catch {
    return rampartSessionId(d.agent, fromRaw());
  }
}

/**
 * Evaluates one hook delivery: parse the agent's JSON, turn it into events in the agent session's Rampart
 * session, ask the engine, render the agent's reply. Never throws. Every delivery becomes at least one stored
 * event, including ones that could not be read (a `hook` event with a masked excerpt), which are answered per
 * the fail mode.
 */
export function handleHook(d: HookDelivery, deps: HookDeps): HookResult {
  const records: EngineRecord[] = [];
  const actorFor = (agent: string, user: string | undefined): EventInput['actor'] => ({ user, agent });

  if (!isAgentName(d.agent)) {
    const name = d.agent.slice(0, 64);
    const sessionId = `unknown-agent:${SESSION_IN_RAW.exec(d.raw.slice(0, 1 << 16))?.[1] ?? 'unattributed'}`;
    records.push(deps.process({ kind: 'hook', sessionId, source: 'hook', actor: actorFor(name, d.user), name: sniffEventName(d.raw) ?? '', note: 'unknown-agent', raw: excerpt(d.raw) }));
    return { reply: unknownAgentReply(d.fail, name), agent: undefined, sessionId, event: undefined, payloadUser: undefined, records };
  }
  const agent = d.agent;
  const adapter = ADAPTERS[agent];
  const unreadable = (note: string): HookResult => {
    const event = sniffEventName(d.raw);
    const sessionId = rampartSessionId(agent, SESSION_IN_RAW.exec(d.raw.slice(0, 1 << 16))?.[1] ?? 'unattributed');
    records.push(deps.process({ kind: 'hook', sessionId, source: 'hook', actor: actorFor(agent, d.user), name: event ?? '', note, raw: excerpt(d.raw) }));
    const reason =
      note === 'unknown-event'
        ? `this ${agent} hook event (${event ?? 'unnamed'}) is not known to this Rampart version`
        : note === 'too-large'
          ? 'the hook payload was larger than the server accepts'
          : 'the hook payload could not be read';
    return { reply: failReply({ agent, event, mode: d.fail, reason }), agent, sessionId, event, payloadUser: undefined, records };
  };

  if (d.problem !== undefined) return unreadable(d.problem);
  let body: ReturnType<typeof asObject>;
  try {
    body = asObject(JSON.parse(d.raw));
  } catch {
    return unreadable('malformed');
  }
  if (body === undefined) return unreadable('malformed');
  const ctx: ParseContext = { tool: deps.tool, maxContentChars: deps.maxContentChars };
  let parsed: ParsedHook | undefined;
  try {
    parsed = adapter.parse(body, ctx);
  } catch {
    // Adapters read leniently; a throw here is a bug, answered like an unreadable payload, never a crash.
    return unreadable('malformed');
  }
  if (parsed === undefined) return unreadable('unknown-event');

  const sessionId = rampartSessionId(agent, parsed.agentSessionId ?? 'unattributed');
  const user = d.user ?? parsed.user;
  const steps: readonly HookStep[] = parsed.steps.length > 0 ? parsed.steps : [{ kind: 'hook', name: parsed.event, note: 'unmapped', raw: '' }];
  for (const step of steps) {
    const rec = deps.process({ ...step, sessionId, source: 'hook', actor: actorFor(agent, user) } as EventInput);
    records.push(rec);
    if (halts(rec.decision)) break;
  }
  return { reply: adapter.render(parsed, outcomeOf(parsed, records)), agent, sessionId, event: parsed.event, payloadUser: parsed.user, records };
}
