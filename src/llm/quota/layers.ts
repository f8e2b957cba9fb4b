import type { LimitSet, ModelLimits } from '../../core/index.js';

/** The limits configured apart from keys: per team, per user, and gateway-wide per model (`quotas` in the config). */
export interface QuotaConfig {
  readonly teams: Readonly<Record<string, LimitSet>>;
  readonly users: Readonly<Record<string, LimitSet>>;
  readonly models: Readonly<Record<string, ModelLimits>>;
  /** Output tokens reserved when a request names no `max_tokens`. */
  readonly defaultMaxTokens: number;
}

/** Who a request is charged to: an authenticated principal fits as is. */
export interface QuotaSubject {
  readonly user: string;
  readonly keyId?: string | undefined;
  readonly team?: string | undefined;
  readonly limits?: LimitSet | undefined;
}

/**
 * One level a request counts against: its key, user, team, or the gateway as a whole. `scope` prefixes every
 * counter of the level; `track` keeps a never-resetting spend total for it even when it has no budget, so
 * spend per key, user and team can always be read back.
 */
export interface Layer {
  readonly scope: string;
  readonly label: string;
  readonly limits: LimitSet | undefined;
  readonly track: boolean;
}

/** The gateway-wide layer's scope. */
export const GLOBAL_SCOPE = 'global';

/** The layers of a subject, most specific first. */
export function layersOf(c: QuotaConfig, s: QuotaSubject): Layer[] {
  const out: Layer[] = [];
  if (s.keyId !== undefined) out.push(keyLayer(s.keyId, s.limits));
  out.push(userLayer(c, s.user));
  if (s.team !== undefined) out.push(teamLayer(c, s.team));
  out.push(globalLayer(c));
  return out;
}

export function keyLayer(keyId: string, limits: LimitSet | undefined): Layer {
  return { scope: `key:${keyId}`, label: `key ${keyId}`, limits, track: true };
}

export function userLayer(c: QuotaConfig, user: string): Layer {
  return { scope: `user:${user}`, label: `user ${user}`, limits: Object.hasOwn(c.users, user) ? c.users[user] : undefined, track: true };
}

export function teamLayer(c: QuotaConfig, team: string): Layer {
  return { scope: `team:${team}`, label: `team ${team}`, limits: Object.hasOwn(c.teams, team) ? c.teams[team] : undefined, track: true };
}

export function globalLayer(c: QuotaConfig): Layer {
  return { scope: GLOBAL_SCOPE, label: 'the gateway', limits: { models: c.models }, track: false };
}

/** Whether a model pattern (a name, or a prefix ending in `*`) matches a name. */
export function matchesModel(pattern: string, name: string): boolean {
  return pattern.endsWith('*') ? name.startsWith(pattern.slice(0, -1)) : name === pattern;
}
