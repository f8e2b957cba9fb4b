import { createCipheriv, createDecipheriv, randomBytes } from 'node:crypto';
import { GatewayError } from '../core/index.js';
import type { CredentialRecord, Store } from '../store/store.js';
import { SecretValue } from './secret-value.js';
import type { VaultKeyring } from './vault-keys.js';

/** Where a credential applies: a server, and optionally one user of it. */
export interface CredentialRef {
  readonly server: string;
  /** Absent: the server's shared credential. */
  readonly user?: string | undefined;
}

/** A credential as listed: no value. */
export type CredentialInfo = Omit<CredentialRecord, 'nonce' | 'ciphertext'>;

const NAME = /^[\w.@+:-]{1,128}$/;
/** Largest credential value, bytes: a token or a small JSON blob, not a file. */
export const MAX_CREDENTIAL_BYTES = 64 * 1024;
const AAD_VERSION = 'rampart-vault/v1';

/**
 * Upstream credentials encrypted at rest with AES-256-GCM: a fresh random 96-bit nonce per write (NIST SP
 * 800-38D §8.2.2; random nonces are safe far beyond the number of writes a gateway makes under one key), the
 * record id, owner and server as additional authenticated data (a ciphertext moved to another row fails),
 * and the key id stored with each record so keys can be rotated. Decrypted values come back as
 * `SecretValue`, which does not print itself. The keyring is loaded on first use, so a gateway that never
 * stores a credential never creates a key file.
 */
export class Vault {
  readonly #store: Store;
  readonly #loadKeys: () => VaultKeyring;
  readonly #now: () => number;
  #keys: VaultKeyring | undefined;
  readonly #listeners = new Set<() => void>();

  constructor(opts: { store: Store; keys: () => VaultKeyring; now?: (() => number) | undefined }) {
    this.#store = opts.store;
    this.#loadKeys = opts.keys;
    this.#now = opts.now ?? Date.now;
  }

  /** Calls `fn` after this vault writes or deletes a credential (caches drop what they hold). */
  onChange(fn: () => void): () => void {
    this.#listeners.add(fn);
    return () => this.#listeners.delete(fn);
  }

  #changed(): void {
    for (const fn of this.#listeners) fn();
  }

  /** Stores (or replaces) a credential. */
  async set(ref: CredentialRef, value: string): Promise<CredentialInfo> {
    const { id, owner } = recordId(ref);
    if (value === '') throw new GatewayError('INVALID_PARAMS', 'a credential cannot be empty');
    if (Buffer.byteLength(value) > MAX_CREDENTIAL_BYTES) throw new GatewayError('PAYLOAD_TOO_LARGE', `a credential is at most ${MAX_CREDENTIAL_BYTES} bytes`);
    const at = this.#now();
    const record = this.#encrypt({ id, server: ref.server, owner, createdAt: at, updatedAt: at }, value);
    await this.#store.putCredential(record);
    this.#changed();
    return info(record);
  }

  /** The exact credential (per-user when `user` is given), or undefined. Throws when it fails to decrypt. */
  async get(ref: CredentialRef): Promise<SecretValue | undefined> {
    const record = await this.#store.getCredential(recordId(ref).id);
    return record === undefined ? undefined : new SecretValue(this.#decrypt(record));
  }

  /** What to inject for `user` calling `server`: the user's own credential, else the server's shared one. */
  async resolve(server: string, user: string | undefined): Promise<SecretValue | undefined> {
    if (user !== undefined) {
      const own = await this.get({ server, user });
      if (own !== undefined) return own;
    }
    return this.get({ server });
  }

  /** Deletes a credential; false when there was none. */
  async delete(ref: CredentialRef): Promise<boolean> {
    const deleted = await this.#store.deleteCredential(recordId(ref).id);
    if (deleted) this.#changed();
    return deleted;
  }

  /** Every credential, without values. */
  async list(): Promise<readonly CredentialInfo[]> {
    return (await this.#store.listCredentials()).map(info);
  }

  /** Re-encrypts every credential not under the current key; returns how many were rewritten. */
  async rotate(): Promise<number> {
    const keys = this.#keyring();
    let n = 0;
    for (const record of await this.#store.listCredentials()) {
      if (record.keyId === keys.current.id) continue;
      const value = this.#decrypt(record);
      await this.#store.putCredential(this.#encrypt({ ...record, updatedAt: this.#now() }, value));
      n++;
    }
    if (n > 0) this.#changed();
    return n;
  }

  #keyring(): VaultKeyring {
    this.#keys ??= this.#loadKeys();
    return this.#keys;
  }

  #encrypt(meta: Omit<CredentialRecord, 'keyId' | 'nonce' | 'ciphertext'>, value: string): CredentialRecord {
    const { current } = this.#keyring();
    const nonce = randomBytes(12);
    const cipher = createCipheriv('aes-256-gcm', current.key, nonce);
    cipher.setAAD(aad(meta));
    const body = Buffer.concat([cipher.update(value, 'utf8'), cipher.final(), cipher.getAuthTag()]);
    return { ...meta, keyId: current.id, nonce: nonce.toString('base64'), ciphertext: body.toString('base64') };
  }

  #decrypt(record: CredentialRecord): string {
    const key = this.#keyring().byId.get(record.keyId);
    if (key === undefined) {
      throw new GatewayError('INTERNAL', `credential ${record.id} was encrypted with vault key ${record.keyId}, which is not loaded`, { expose: false });
    }
    const body = Buffer.from(record.ciphertext, 'base64');
    const nonce = Buffer.from(record.nonce, 'base64');
    try {
      if (nonce.length !== 12 || body.length < 16) throw new Error('truncated');
      const decipher = createDecipheriv('aes-256-gcm', key.key, nonce);
      decipher.setAAD(aad(record));
      decipher.setAuthTag(body.subarray(body.length - 16));
      return Buffer.concat([decipher.update(body.subarray(0, body.length - 16)), decipher.final()]).toString('utf8');
    } catch (cause) {
      throw new GatewayError('INTERNAL', `credential ${record.id} failed authentication: altered, moved, or a different key`, { cause, expose: false });
    }
  }
}

function recordId(ref: CredentialRef): { readonly id: string; readonly owner: string } {
  if (!NAME.test(ref.server)) throw new GatewayError('INVALID_PARAMS', `invalid server name '${ref.server}'`);
  if (ref.user === undefined) return { id: ref.server, owner: '*' };
  if (!NAME.test(ref.user)) throw new GatewayError('INVALID_PARAMS', `invalid user name '${ref.user}'`);
  return { id: `${ref.server}/${ref.user}`, owner: ref.user };
}

function aad(r: Pick<CredentialRecord, 'id' | 'owner' | 'server'>): Buffer {
  return Buffer.from(`${AAD_VERSION}\u0000${r.id}\u0000${r.owner}\u0000${r.server}`, 'utf8');
}

function info(r: CredentialRecord): CredentialInfo {
  return { id: r.id, server: r.server, owner: r.owner, keyId: r.keyId, createdAt: r.createdAt, updatedAt: r.updatedAt };
}
