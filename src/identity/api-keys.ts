import { GatewayError, type LimitSet } from '../core/index.js';
import type { ApiKeyRecord, Store } from '../store/store.js';
import { apiKeyId, apiKeyMatches, generateApiKey } from './api-key-format.js';
import type { Principal } from './principal.js';

/** What `ApiKeys.create` takes. */
export interface CreateKeyInput {
  readonly user: string;
  readonly groups?: readonly string[] | undefined;
  readonly scopes?: readonly string[] | undefined;
  readonly name?: string | undefined;
  /** Epoch ms after which the key stops working. */
  readonly expiresAt?: number | undefined;
  /** The team its spend also counts against. */
  readonly team?: string | undefined;
  /** Its own budget, rate limits and allowed models (validated by the caller's schema). */
  readonly limits?: LimitSet | undefined;
}

/** A key as listed: everything but the hash. */
export type ApiKeyInfo = Omit<ApiKeyRecord, 'hash'> & { readonly prefix: string };

/** Why a presented key was refused. `description` is safe to send back. */
export interface KeyRefusal {
  readonly description: string;
}

const NAME = /^[\w.@+:-]{1,128}$/;
const SCOPE = /^[a-z]+(?::[\w.-]{1,64})?$/;

/**
 * API keys over the store: create (the key is returned once, only its hash is kept), verify, list, revoke.
 * Verification reads the row by the key's public id, then compares hashes in constant time.
 */
export class ApiKeys {
  readonly #store: Store;
  readonly #now: () => number;

  constructor(opts: { store: Store; now?: (() => number) | undefined }) {
    this.#store = opts.store;
    this.#now = opts.now ?? Date.now;
  }

  /** Creates a key; the returned `key` is the only copy. Rejects bad user, group or scope names. */
  async create(input: CreateKeyInput): Promise<{ readonly key: string; readonly info: ApiKeyInfo }> {
    const groups = input.groups ?? [];
    for (const v of [input.user, ...groups, ...(input.team === undefined ? [] : [input.team])]) {
      if (!NAME.test(v)) throw new GatewayError('INVALID_PARAMS', `invalid user, group or team name '${v}'`);
    }
    for (const s of input.scopes ?? []) {
      if (!SCOPE.test(s)) throw new GatewayError('INVALID_PARAMS', `invalid scope '${s}' (mcp, mcp:<server>, llm, hooks, events, admin)`);
    }
    if (input.expiresAt !== undefined && !(input.expiresAt > this.#now())) {
      throw new GatewayError('INVALID_PARAMS', 'expiry must be in the future');
    }
    const g = generateApiKey();
    const record: ApiKeyRecord = {
      id: g.id,
      hash: g.hash,
      user: input.user,
      groups: [...groups],
      scopes: input.scopes === undefined ? undefined : [...input.scopes],
      name: input.name,
      createdAt: this.#now(),
      expiresAt: input.expiresAt,
      revokedAt: undefined,
      team: input.team,
      limits: input.limits,
    };
    await this.#store.putApiKey(record);
    return { key: g.key, info: toInfo(record) };
  }

  /** The principal a presented key stands for, or why it is refused. */
  async verify(key: string): Promise<Principal | KeyRefusal> {
    const id = apiKeyId(key);
    if (id === undefined) return { description: 'malformed API key' };
    const row = await this.#store.getApiKey(id);
    if (row === undefined || !apiKeyMatches(key, row.hash)) return { description: 'unknown API key' };
    // Only a caller holding the real key learns whether it was revoked or expired.
    if (row.revokedAt !== undefined) return { description: 'API key revoked' };
    if (row.expiresAt !== undefined && this.#now() >= row.expiresAt) return { description: 'API key expired' };
    return { user: row.user, groups: row.groups, via: 'api-key', scopes: row.scopes, keyId: `rk_${row.id}`, team: row.team, limits: row.limits };
  }

  /**
   * Replaces a key's team and limits (absent: none); takes effect on its next request, since every request
   * reads the key's row. False when there is no such key.
   */
  async setLimits(id: string, team: string | undefined, limits: LimitSet | undefined): Promise<boolean> {
    if (team !== undefined && !NAME.test(team)) throw new GatewayError('INVALID_PARAMS', `invalid team name '${team}'`);
    return this.#store.setApiKeyLimits(id.startsWith('rk_') ? id.slice(3) : id, team, limits);
  }

  /** Every key, newest first, without hashes. */
  async list(): Promise<readonly ApiKeyInfo[]> {
    return (await this.#store.listApiKeys()).map(toInfo);
  }

  /** Revokes a key by id (with or without the `rk_` prefix); false when unknown or already revoked. */
  async revoke(id: string): Promise<boolean> {
    return this.#store.revokeApiKey(id.startsWith('rk_') ? id.slice(3) : id, this.#now());
  }
}

/** True when `verify` refused the key. */
export function isRefusal(x: Principal | KeyRefusal): x is KeyRefusal {
  return 'description' in x;
}

function toInfo(r: ApiKeyRecord): ApiKeyInfo {
  return {
    id: r.id,
    prefix: `rk_${r.id}`,
    user: r.user,
    groups: r.groups,
    scopes: r.scopes,
    name: r.name,
    createdAt: r.createdAt,
    expiresAt: r.expiresAt,
    revokedAt: r.revokedAt,
    team: r.team,
    limits: r.limits,
  };
}
