import { hash } from 'node:crypto';
import { McpError } from '@modelcontextprotocol/sdk/types.js';
import {
  ERROR_CODES,
  toGatewayError,
  type Actor,
  type Capability,
  type Decision,
  type EngineRecord,
  type Redaction,
  type Result,
  type ToolCallOutcome,
  type ToolRef,
} from '../core/index.js';
import { resultJson } from './result-json.js';
import { joinParts } from './result-text.js';
import type { HandlerDeps, SessionContext } from './tool-handlers.js';

/** A decision that stops a call or withholds a result. */
export type Halt = Extract<Decision, { action: 'deny' | 'ask' }>;

/** A deny or ask as the JSON-RPC error the client gets: the rule, the reason, the causal chain. */
export function denied(decision: Halt): McpError {
  const reason = decision.action === 'deny' ? decision.reason : decision.prompt;
  return new McpError(ERROR_CODES.POLICY_DENIED.jsonrpc, `denied by policy rule ${decision.rule.id}: ${reason}`, {
    rule: decision.rule.id,
    action: decision.action,
    owasp: decision.rule.owasp,
    chain: decision.chain.map((c) => ({ seq: c.seq, kind: c.kind, role: c.role })),
  });
}

/** What the client may learn of a failure that is not the upstream's own JSON-RPC error: a code, and an exposed message. */
function failure(e: unknown): { readonly code: number; readonly message: string } {
  const ge = toGatewayError(e);
  return { code: ERROR_CODES[ge.code].jsonrpc, message: ge.expose ? ge.message : 'internal error' };
}

/** An upstream failure as the client sees it: the upstream's own JSON-RPC error as is, anything else by code. */
export function upstreamError(e: unknown): McpError {
  if (e instanceof McpError) return e;
  const f = failure(e);
  return new McpError(f.code, f.message);
}

/** How one call ended, for its audit row. */
export interface CallEnd {
  readonly outcome: ToolCallOutcome;
  readonly rule?: string | undefined;
  /** What the upstream returned (before any redaction): its size and SHA-256 are audited. */
  readonly result?: unknown;
  readonly isError?: boolean | undefined;
}

/** What a result looks like to the engine, and how to redact it. */
export interface ResultView<R> {
  readonly parts: readonly string[];
  readonly isError: boolean;
  readonly redact: (redactions: readonly Redaction[]) => R;
}

/**
 * One governed call (a `tools/call`, a `resources/read`, a `prompts/get`) between its `tool.call` event and its
 * audit row: the edge runs the upstream request, and the scope takes care of the engine and the audit.
 */
export interface CallScope {
  /** The engine's record of the `tool.call`: its decision says whether the call may run. */
  readonly call: EngineRecord;
  /** Writes the call's audit row (issue 4 §7). Once per call. */
  audit(end: CallEnd): void;
  /** Records a failed upstream request (a `tool.result` error and an `error` row) and returns what to throw. */
  fail(e: unknown): McpError;
  /**
   * Runs the upstream's result through the engine and audits it: the result (redacted when the policy says
   * so), or the halting decision when it must not reach the client.
   */
  screen<R>(result: R, view: ResultView<R>): Result<R, Halt>;
}

/** Opens a call: sends its `tool.call` event to the engine now (every attempt is seen, allowed or not). */
export function openCall(
  ctx: SessionContext,
  deps: HandlerDeps,
  input: { readonly tool: ToolRef; readonly args: Record<string, unknown>; readonly capabilities?: readonly Capability[] | undefined },
): CallScope {
  const started = performance.now();
  const at = Date.now();
  const sessionId = ctx.id();
  const actor: Actor = { user: ctx.principal.user, agent: ctx.agent() };
  const { tool, args, capabilities } = input;
  const call = deps.engine.process({ kind: 'tool.call', sessionId, source: 'mcp', actor, tool, args, capabilities });
  const audit = (o: CallEnd): void => {
    const r = o.result;
    const json = r === undefined ? undefined : typeof r === 'object' && r !== null ? resultJson(r) : JSON.stringify(r);
    deps.calls?.recordCall({
      at, sessionId, callSeq: call.event.seq, user: actor.user, agent: actor.agent, server: tool.server, tool: tool.name,
      args: JSON.stringify(args), outcome: o.outcome, rule: o.rule, resultBytes: json === undefined ? 0 : Buffer.byteLength(json),
      // One-shot `hash`: no Hash object per call.
      resultSha256: json === undefined ? undefined : hash('sha256', json, 'hex'),
      isError: o.isError ?? false, latencyMs: performance.now() - started,
    });
  };
  const result = (content: string, isError: boolean): EngineRecord =>
    deps.engine.process({ kind: 'tool.result', sessionId, source: 'mcp', actor, tool, content, isError, capabilities });
  return {
    call,
    audit,
    fail(e) {
      result(e instanceof McpError ? e.message : failure(e).message, true);
      audit({ outcome: 'error', isError: true });
      return upstreamError(e);
    },
    screen(r, view) {
      const d = result(joinParts(view.parts), view.isError).decision;
      switch (d.action) {
        case 'allow':
          audit({ outcome: 'allow', result: r, isError: view.isError });
          return { ok: true, value: r };
        case 'redact':
          audit({ outcome: 'redact', rule: d.rule.id, result: r, isError: view.isError });
          return { ok: true, value: view.redact(d.redactions) };
        case 'deny':
        case 'ask':
          audit({ outcome: d.action, rule: d.rule.id, result: r, isError: view.isError });
          return { ok: false, error: d };
      }
    },
  };
}
