import type { FastifyInstance } from 'fastify';
import { GatewayError } from '../core/index.js';
import type { Identity } from '../identity/identity.js';
import { globalLayer, keyLayer, teamLayer, userLayer, type Layer } from '../llm/quota/layers.js';
import type { Quota } from '../llm/quota/quota.js';
import { reportLayer } from '../llm/quota/report.js';

/**
 * `GET /admin/v1/llm/spend`: spend and limits per key, user and team, and the gateway-wide per-model limits.
 * `?key=rk_…`, `?user=…` or `?team=…` narrows to one. Without, every active key, every user and team that a
 * key or the configuration names. "used" counts settled spend plus reservations still in flight.
 */
export function adminSpendRoutes(scope: FastifyInstance, deps: { readonly identity: Identity; readonly quota: Quota }): void {
  const { quota } = deps;
  scope.get<{ Querystring: { key?: string; user?: string; team?: string } }>('/llm/spend', async (req) => {
    const q = req.query;
    const now = Date.now();
    const keys = (await deps.identity.apiKeys.list()).filter((k) => k.revokedAt === undefined && (k.expiresAt === undefined || k.expiresAt > now));
    const layers: { readonly kind: 'key' | 'user' | 'team' | 'gateway'; readonly name: string; readonly layer: Layer }[] = [];
    if (q.key !== undefined) {
      const k = keys.find((x) => x.prefix === q.key || x.id === q.key);
      if (k === undefined) throw new GatewayError('NOT_FOUND', `no active key ${q.key.slice(0, 64)}`);
      layers.push({ kind: 'key', name: k.prefix, layer: keyLayer(k.prefix, k.limits) });
    } else if (q.user !== undefined) {
      layers.push({ kind: 'user', name: q.user, layer: userLayer(quota.config, q.user) });
    } else if (q.team !== undefined) {
      layers.push({ kind: 'team', name: q.team, layer: teamLayer(quota.config, q.team) });
    } else {
      const users = new Set([...Object.keys(quota.config.users), ...keys.map((k) => k.user)]);
      const teams = new Set([...Object.keys(quota.config.teams), ...keys.flatMap((k) => (k.team === undefined ? [] : [k.team]))]);
      for (const k of keys) layers.push({ kind: 'key', name: k.prefix, layer: keyLayer(k.prefix, k.limits) });
      for (const u of users) layers.push({ kind: 'user', name: u, layer: userLayer(quota.config, u) });
      for (const t of teams) layers.push({ kind: 'team', name: t, layer: teamLayer(quota.config, t) });
      layers.push({ kind: 'gateway', name: 'gateway', layer: globalLayer(quota.config) });
    }
    const out = [];
    for (const l of layers) out.push({ kind: l.kind, name: l.name, ...(await reportLayer(quota, l.layer, now)) });
    return { spend: out };
  });
}
