import type { Attempt } from './send-routed.js';

/** Most attempts listed in the header; a route rarely tries more, and a header must stay small. */
const MAX_LISTED = 16;

/**
 * The `x-rampart-attempts` header: each try as `target outcome ms`, in order (`anthropic/claude-sonnet-4-5 529
 * 3ms, openai/gpt-4o 200 41ms`). Only sent when there was more than one, so the common path builds no string.
 */
export function attemptsHeader(attempts: readonly Attempt[]): string {
  let out = '';
  for (let i = 0; i < attempts.length && i < MAX_LISTED; i++) {
    const a = attempts[i] as Attempt;
    out += `${i === 0 ? '' : ', '}${a.target.key} ${a.outcome} ${Math.round(a.ms)}ms`;
  }
  return attempts.length > MAX_LISTED ? `${out}, …` : out;
}

/** The attempts in an error message: `anthropic/claude-sonnet-4-5 529, openai/gpt-4o timeout`. */
export function attemptsSummary(attempts: readonly Attempt[]): string {
  return attempts
    .slice(0, MAX_LISTED)
    .map((a) => `${a.target.key} ${a.outcome}`)
    .join(', ');
}
