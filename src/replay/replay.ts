import { halts, type Action, type EngineRecord } from '../core/index.js';
import type { Engine } from '../engine/engine.js';
import type { CorpusSession } from './corpus.js';

/** One line of `rampart replay --json` (DESIGN.md §5, a contract read by corpus/score.mjs). */
export interface ReplayResult {
  readonly id: string;
  readonly action: Exclude<Action, 'log'>;
  readonly stopped_at: number | null;
  readonly rules: readonly string[];
}

/**
 * Feeds one session event by event through the engine, as if live. A deny or ask on a `tool.call` means the
 * call does not run, so its `tool.result` is not fed; the session goes on, as an agent would after a refusal.
 */
export function replaySession(engine: Engine, session: CorpusSession, onRecord?: (index: number, rec: EngineRecord) => void): ReplayResult {
  let stoppedAt: number | null = null;
  let action: ReplayResult['action'] = 'allow';
  const rules: string[] = [];
  let skipResult = false;
  for (let i = 0; i < session.events.length; i++) {
    const input = session.events[i];
    if (input === undefined) continue;
    if (input.kind === 'tool.result' && skipResult) {
      skipResult = false;
      continue;
    }
    skipResult = false;
    const rec = engine.process(input);
    onRecord?.(i, rec);
    const d = rec.decision;
    if (d.action === 'allow') continue;
    if (!rules.includes(d.rule.id)) rules.push(d.rule.id);
    if (halts(d)) {
      if (stoppedAt === null) {
        stoppedAt = i;
        action = d.action;
      }
      if (input.kind === 'tool.call') skipResult = true;
    } else if (action === 'allow') {
      action = 'redact';
    }
  }
  return { id: session.id, action, stopped_at: stoppedAt, rules };
}
