import { GatewayError } from '../core/index.js';
import type { ApiKeyRecord, CredentialRecord } from './identity-records.js';
import { MAX_PAGE } from './store.js';

/**
 * The identity and vault tables of `MemoryStore`: plain maps of frozen copies, so a caller mutating what it
 * passed in or read back changes nothing stored (as with SQLite).
 */
export class MemoryIdentityTables {
  readonly #keys = new Map<string, ApiKeyRecord>();
  readonly #credentials = new Map<string, CredentialRecord>();

  putApiKey(key: ApiKeyRecord): void {
    if (this.#keys.has(key.id)) throw new GatewayError('BAD_REQUEST', `api key ${key.id} exists`);
    this.#keys.set(key.id, freezeKey(key));
  }

  getApiKey(id: string): ApiKeyRecord | undefined {
    return this.#keys.get(id);
  }

  listApiKeys(): readonly ApiKeyRecord[] {
    return [...this.#keys.values()].sort((a, b) => b.createdAt - a.createdAt || (a.id < b.id ? -1 : 1)).slice(0, MAX_PAGE);
  }

  setApiKeyLimits(id: string, team: string | undefined, limits: ApiKeyRecord['limits']): boolean {
    const key = this.#keys.get(id);
    if (key === undefined) return false;
    this.#keys.set(id, freezeKey({ ...key, team, limits }));
    return true;
  }

  revokeApiKey(id: string, at: number): boolean {
    const key = this.#keys.get(id);
    if (key === undefined || key.revokedAt !== undefined) return false;
    this.#keys.set(id, freezeKey({ ...key, revokedAt: at }));
    return true;
  }

  putCredential(c: CredentialRecord): void {
    const old = this.#credentials.get(c.id);
    this.#credentials.set(c.id, Object.freeze({ ...c, createdAt: old?.createdAt ?? c.createdAt }));
  }

  getCredential(id: string): CredentialRecord | undefined {
    return this.#credentials.get(id);
  }

  listCredentials(): readonly CredentialRecord[] {
    return [...this.#credentials.values()].sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0)).slice(0, MAX_PAGE);
  }

  deleteCredential(id: string): boolean {
    return this.#credentials.delete(id);
  }

  clear(): void {
    this.#keys.clear();
    this.#credentials.clear();
  }
}

function freezeKey(k: ApiKeyRecord): ApiKeyRecord {
  // Limits are plain JSON: a round trip copies them as SQLite's column does.
  const limits = k.limits === undefined ? undefined : (JSON.parse(JSON.stringify(k.limits)) as ApiKeyRecord['limits']);
  return Object.freeze({ ...k, groups: Object.freeze([...k.groups]), scopes: k.scopes === undefined ? undefined : Object.freeze([...k.scopes]), team: k.team, limits });
}
