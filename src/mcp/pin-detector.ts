import { defineDetector, finding, STATELESS, type Finding } from '../core/index.js';
import { pinOf } from './pin.js';

/** Where a tool's approved pin is looked up: `undefined` when the tool has none yet. */
export type PinLookup = (server: string, tool: string) => string | undefined;

/**
 * Flags tool definitions that no longer match the pin they were approved with (a "rug pull", issue 4 §6).
 * One `tool-pin.changed` finding per changed tool, `arg` = the tool's name, so the registry can hide it.
 */
export function toolPinDetector(approved: PinLookup) {
  return defineDetector({
    id: 'tool-pin',
    kinds: ['tools.list'],
    initState: STATELESS,
    inspect(event) {
      let out: Finding[] | undefined;
      for (const t of event.tools) {
        if (t.server === undefined) continue;
        const pin = approved(t.server, t.name);
        if (pin === undefined || pin === pinOf(t)) continue;
        (out ??= []).push(
          finding({
            detector: 'tool-pin',
            kind: 'tool-pin.changed',
            severity: 'high',
            message: `tool definition of ${t.server}/${t.name} changed since it was approved (pin ${pin.slice(0, 12)}…)`,
            arg: t.name,
          }),
        );
      }
      return out;
    },
  });
}
