import type { WireFormat } from './wire-format.js';

/** A configured upstream provider, as the router hands it out. */
export interface ProviderRef {
  readonly id: string;
  readonly format: WireFormat;
}

/** Where a model goes: the provider, and the model name to send upstream (differs for an alias). */
export interface Route {
  readonly provider: ProviderRef;
  readonly model: string;
  /** True when `model` differs from the caller's: the body must be rewritten. */
  readonly renamed: boolean;
}

/** One routing rule from configuration (`llm.models`). */
export interface RouteRule {
  readonly match: string;
  readonly provider: string;
  readonly model?: string | undefined;
}

interface Compiled {
  readonly exact: string | undefined;
  readonly prefix: string | undefined;
  readonly provider: ProviderRef;
  readonly model: string | undefined;
}

/**
 * Model → provider routing, compiled once at startup: rules in order, first match wins; `match` is an exact
 * name or a prefix ending in `*`.
 */
export class ModelRouter {
  readonly #rules: readonly Compiled[];

  constructor(rules: readonly RouteRule[], providers: ReadonlyMap<string, ProviderRef>) {
    this.#rules = rules.flatMap((r) => {
      const provider = providers.get(r.provider);
      if (provider === undefined) return [];
      const star = r.match.endsWith('*');
      return [{ exact: star ? undefined : r.match, prefix: star ? r.match.slice(0, -1) : undefined, provider, model: r.model }];
    });
  }

  /** The route for a model name, or undefined when no rule matches. */
  resolve(model: string): Route | undefined {
    for (const r of this.#rules) {
      if (r.exact === undefined ? model.startsWith(r.prefix ?? '') : model === r.exact) {
        const upstream = r.model ?? model;
        return { provider: r.provider, model: upstream, renamed: upstream !== model };
      }
    }
    return undefined;
  }

  /** Model names a caller may list (`GET /v1/models`): exact matches only; prefixes are not names. */
  names(): readonly { readonly id: string; readonly provider: string }[] {
    return this.#rules.flatMap((r) => (r.exact === undefined ? [] : [{ id: r.exact, provider: r.provider.id }]));
  }
}
