/** A set of HTTP statuses as a 600-entry lookup table: one indexed read per check on the hot path. */
export type StatusSet = Uint8Array;

/** What triggers fallback when a route does not say: rate limits and server errors (529 included). */
export const DEFAULT_FALLBACK_ON: readonly (number | `${1 | 2 | 3 | 4 | 5}xx`)[] = [429, '5xx'];

/** Compiles `[429, "5xx", 408]` into a `StatusSet`. */
export function statusSet(entries: readonly (number | string)[]): StatusSet {
  const s = new Uint8Array(600);
  for (const e of entries) {
    if (typeof e === 'number') {
      if (e >= 100 && e < 600) s[e] = 1;
      continue;
    }
    const c = Number(e[0]);
    for (let i = c * 100; i < c * 100 + 100 && i < 600; i++) s[i] = 1;
  }
  return s;
}

/** True when `status` is in the set. */
export function hasStatus(s: StatusSet, status: number): boolean {
  return s[status] === 1;
}
