import type { IncomingHttpHeaders } from 'node:http';
import { halts, type Decision } from '../core/index.js';
import type { RequestRedaction } from './apply-redactions.js';
import { anthropicRequestEvents } from './anthropic/request-events.js';
import { openaiRequestEvents } from './openai/request-events.js';
import type { RequestEvent } from './request-events.js';
import { prefixDigests, type SeenConversation, type SeenTurns } from './seen-turns.js';
import { llmSession, type LlmSession } from './session-key.js';
import type { ProcessEvent } from './tool-gate.js';
import type { WireFormat } from './wire-format.js';

/** The request-side outcome: the session, and the first decision that stops the request, if any. */
export interface Inbound {
  readonly session: LlmSession;
  readonly stop: (Decision & { readonly action: 'deny' | 'ask' }) | undefined;
  /** Tool results a `redact` decision blanked parts of: the request must go upstream redacted. */
  readonly redactions: readonly RequestRedaction[];
}

/**
 * Sends the new turns of a request through the engine: only the messages past the longest prefix of this
 * request that the session already showed, byte for byte (each request repeats the whole history). A prefix
 * is remembered only when nothing stopped the request, so a retried request is judged again, not waved
 * through.
 */
export function inbound(o: { format: WireFormat; headers: IncomingHttpHeaders; messages: readonly unknown[]; process: ProcessEvent; seen: SeenTurns }): Inbound {
  const session = llmSession(o.headers, o.messages[0]);
  const prefixes = prefixDigests(o.messages);
  let from = 0;
  let known: SeenConversation | undefined;
  for (let k = prefixes.length; k > 0 && known === undefined; k--) {
    known = o.seen.find(`${session.id}\u0000${prefixes[k - 1] as string}`);
    if (known !== undefined) from = k;
  }
  const ctx = { sessionId: session.id, agent: session.agent };
  const msgs = o.messages as readonly Record<string, unknown>[];
  const events: RequestEvent[] = o.format === 'anthropic' ? anthropicRequestEvents(ctx, msgs, from) : openaiRequestEvents(ctx, msgs, from);
  let stop: Inbound['stop'];
  let fresh: RequestRedaction[] | undefined;
  for (const e of events) {
    const d = o.process(e.input).decision;
    if (stop === undefined && halts(d)) stop = d as Inbound['stop'];
    if (d.action === 'redact' && e.at !== undefined && d.redactions.length > 0) (fresh ??= []).push({ ...e.at, redactions: d.redactions });
  }
  // Earlier turns' redactions still apply: the agent keeps the unredacted text and resends it every time.
  const old = known === undefined ? [] : known.redactions.filter((r) => r.message < from);
  const redactions = fresh === undefined ? old : [...old, ...fresh];
  const whole = prefixes.at(-1);
  if (stop === undefined && whole !== undefined) o.seen.set(`${session.id}\u0000${whole}`, { redactions });
  return { session, stop, redactions };
}
