import type { IncomingHttpHeaders } from 'node:http';
import type { ModelPrice } from '../price-table.js';
import type { UpstreamTarget } from '../upstream.js';
import { mergeRetry, NO_RETRY, type RetryOverrides } from './backoff.js';
import { CircuitBreaker, type BreakerPolicy } from './breaker.js';
import { compileCondition, conditionHolds, requestMetadata, type Metadata } from './conditions.js';
import { LatencyEwma } from './latency.js';
import type { Route, RouteTarget, Strategy, TargetHealth } from './route.js';
import { DEFAULT_FALLBACK_ON, statusSet } from './status-set.js';

/** One target as configured. */
export interface TargetConfig {
  readonly provider: string;
  readonly model?: string | undefined;
  readonly weight?: number | undefined;
  readonly timeoutMs?: number | undefined;
  readonly retry?: RetryOverrides | undefined;
  readonly price?: ModelPrice | undefined;
}

/** One `llm.models` entry: the short form (one provider) or a route over several targets. */
export type ModelRuleConfig =
  | { readonly match: string; readonly provider: string; readonly model?: string | undefined }
  | {
      readonly match: string;
      readonly when?: { readonly metadata?: Readonly<Record<string, string | readonly string[]>> | undefined } | undefined;
      readonly strategy?: Strategy | undefined;
      readonly fallbackOn?: readonly (number | string)[] | undefined;
      readonly targets: readonly TargetConfig[];
    };

/** The routing part of the `llm` configuration. */
export interface RoutingConfig {
  readonly models: readonly ModelRuleConfig[];
  /** Names callers may use for a model: `smart: claude-sonnet-4-5`, resolved before `models` is matched. */
  readonly aliases?: Readonly<Record<string, string>> | undefined;
  readonly retry?: RetryOverrides | undefined;
  readonly breaker?: BreakerPolicy | undefined;
}

/** The breaker used when the configuration gives none (the config schema has the same defaults). */
export const DEFAULT_BREAKER: BreakerPolicy = { failures: 5, windowMs: 60_000, cooldownMs: 30_000 };

/** Where a request goes: the route, and the model name after alias resolution. */
export interface Resolved {
  readonly route: Route;
  readonly model: string;
}

interface Rule {
  readonly exact: string | undefined;
  readonly prefix: string | undefined;
  readonly route: Route;
}

/**
 * Model → route, compiled once at startup: aliases first, then `llm.models` in order, first match (name and
 * `when`) wins; `match` is an exact name or a prefix ending in `*`. Targets naming the same provider and model
 * share one breaker and one latency average, whichever route they appear in.
 */
export class RoutingTable {
  readonly #rules: readonly Rule[];
  readonly #aliases: ReadonlyMap<string, string>;
  /** Metadata is parsed only when some rule has a `when`. */
  readonly #conditional: boolean;
  readonly health: ReadonlyMap<string, TargetHealth>;

  constructor(c: RoutingConfig, upstreams: ReadonlyMap<string, UpstreamTarget>) {
    const health = new Map<string, TargetHealth>();
    const breaker = c.breaker ?? DEFAULT_BREAKER;
    const retry = mergeRetry(NO_RETRY, c.retry);
    const target = (t: TargetConfig): RouteTarget[] => {
      const upstream = upstreams.get(t.provider);
      if (upstream === undefined) return [];
      const key = t.model === undefined ? t.provider : `${t.provider}/${t.model}`;
      let h = health.get(key);
      if (h === undefined) health.set(key, (h = { breaker: new CircuitBreaker(breaker), latency: new LatencyEwma() }));
      return [{ key, upstream, model: t.model, weight: t.weight ?? 1, timeoutMs: t.timeoutMs, retry: mergeRetry(retry, t.retry), price: t.price, health: h }];
    };
    this.#rules = c.models.flatMap((m, i): Rule[] => {
      const id = `llm.models[${i}]`;
      const targets = 'targets' in m ? m.targets.flatMap(target) : target(m);
      const formats = [...new Set(targets.map((t) => t.upstream.format))];
      const route: Route =
        'targets' in m
          ? {
              id,
              strategy: m.strategy ?? 'fallback',
              targets,
              formats,
              fallbackOn: statusSet(m.fallbackOn ?? DEFAULT_FALLBACK_ON),
              when: m.when?.metadata === undefined ? undefined : compileCondition(m.when),
            }
          : { id, strategy: 'fallback', targets, formats, fallbackOn: statusSet(DEFAULT_FALLBACK_ON), when: undefined };
      if (route.targets.length === 0) return [];
      const star = m.match.endsWith('*');
      return [{ exact: star ? undefined : m.match, prefix: star ? m.match.slice(0, -1) : undefined, route }];
    });
    this.#aliases = new Map(Object.entries(c.aliases ?? {}));
    this.#conditional = this.#rules.some((r) => r.route.when !== undefined);
    this.health = health;
  }

  /** The route for a requested model, or undefined when no rule takes it. */
  resolve(requested: string, headers: IncomingHttpHeaders, body: Readonly<Record<string, unknown>>): Resolved | undefined {
    const model = this.#aliases.get(requested) ?? requested;
    let md: Metadata | undefined;
    for (const r of this.#rules) {
      if (r.exact === undefined ? !model.startsWith(r.prefix ?? '') : model !== r.exact) continue;
      if (r.route.when !== undefined) {
        md ??= this.#conditional ? requestMetadata(headers, body) : {};
        if (!conditionHolds(r.route.when, md)) continue;
      }
      return { route: r.route, model };
    }
    return undefined;
  }

  /** Model names a caller may list (`GET /v1/models`): aliases and exact matches; prefixes are not names. */
  names(): readonly { readonly id: string; readonly provider: string }[] {
    const out: { id: string; provider: string }[] = [];
    const seen = new Set<string>();
    const add = (id: string, route: Route | undefined): void => {
      if (route === undefined || seen.has(id)) return;
      seen.add(id);
      out.push({ id, provider: (route.targets[0] as RouteTarget).upstream.id });
    };
    const takes = (r: Rule, model: string): boolean => (r.exact === undefined ? model.startsWith(r.prefix ?? '') : model === r.exact);
    // An alias is listed with the provider of the route it takes without metadata.
    for (const [alias, model] of this.#aliases) add(alias, (this.#rules.find((r) => takes(r, model) && r.route.when === undefined) ?? this.#rules.find((r) => takes(r, model)))?.route);
    for (const r of this.#rules) if (r.exact !== undefined) add(r.exact, r.route);
    return out;
  }
}
