import type { SecretValue } from './secret-value.js';

/** What the cache reads through: `Vault.resolve`. */
export interface CredentialResolver {
  resolve(server: string, user: string | undefined): Promise<SecretValue | undefined>;
}

interface Entry {
  readonly value: Promise<SecretValue | undefined>;
  readonly until: number;
}

/**
 * Decrypted credentials kept in memory for a few seconds, so a tool call does not pay a store read and an
 * AES-GCM decryption each time. Bounded (the oldest entry goes first); `clear()` runs when this process
 * changes a credential, and other replicas see a change within `ttlMs`. A failed lookup is not kept.
 */
export class CredentialCache implements CredentialResolver {
  readonly #inner: CredentialResolver;
  readonly #ttlMs: number;
  readonly #max: number;
  readonly #now: () => number;
  readonly #entries = new Map<string, Entry>();

  constructor(opts: { inner: CredentialResolver; ttlMs?: number; max?: number; now?: () => number }) {
    this.#inner = opts.inner;
    this.#ttlMs = opts.ttlMs ?? 10_000;
    this.#max = opts.max ?? 10_000;
    this.#now = opts.now ?? Date.now;
  }

  resolve(server: string, user: string | undefined): Promise<SecretValue | undefined> {
    const key = user === undefined ? server : `${server}\u0000${user}`;
    const now = this.#now();
    const hit = this.#entries.get(key);
    if (hit !== undefined && hit.until > now) return hit.value;
    if (hit !== undefined) this.#entries.delete(key);
    if (this.#entries.size >= this.#max) {
      const oldest = this.#entries.keys().next();
      if (oldest.done !== true) this.#entries.delete(oldest.value);
    }
    const value = this.#inner.resolve(server, user);
    this.#entries.set(key, { value, until: now + this.#ttlMs });
    value.catch(() => {
      if (this.#entries.get(key)?.value === value) this.#entries.delete(key);
    });
    return value;
  }

  clear(): void {
    this.#entries.clear();
  }
}
