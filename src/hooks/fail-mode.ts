/**
 * What a hook does when Rampart cannot evaluate it (server unreachable, timeout, a body it cannot read, an
 * event it does not know): `closed` blocks what can be blocked, `open` lets it through. Import-free: the shim
 * loads it.
 */
export const FAIL_MODES = ['closed', 'open'] as const;
export type FailMode = (typeof FAIL_MODES)[number];

/** The header the shim sends so the server answers in the developer's configured mode. */
export const FAIL_HEADER = 'x-rampart-fail';

/** Reads a fail mode from a flag, header or environment value; `undefined` when absent or not a mode. */
export function parseFailMode(v: string | undefined): FailMode | undefined {
  const s = v?.trim().toLowerCase();
  return s === 'closed' || s === 'open' ? s : undefined;
}
