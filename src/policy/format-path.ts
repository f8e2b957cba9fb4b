/** A value path as users write it: `['rules', 2, 'when']` → `rules[2].when`. */
export function formatPath(path: readonly (string | number)[]): string {
  let out = '';
  for (const k of path) out += typeof k === 'number' ? `[${k}]` : out === '' ? k : `.${k}`;
  return out;
}
