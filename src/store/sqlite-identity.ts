import type Database from 'better-sqlite3';
import type { LimitSet } from '../core/index.js';
import type { ApiKeyRecord, CredentialRecord } from './identity-records.js';
import { MAX_PAGE } from './store.js';

/** A row of `api_keys`; `groups` and `scopes` are JSON arrays. */
interface ApiKeyRow {
  readonly id: string;
  readonly hash: string;
  readonly user_id: string;
  readonly groups: string;
  readonly scopes: string | null;
  readonly name: string | null;
  readonly created_at: number;
  readonly expires_at: number | null;
  readonly revoked_at: number | null;
  readonly team: string | null;
  readonly limits: string | null;
}

/** A row of `credentials`. */
interface CredentialRow {
  readonly id: string;
  readonly server: string;
  readonly owner: string;
  readonly key_id: string;
  readonly nonce: string;
  readonly ciphertext: string;
  readonly created_at: number;
  readonly updated_at: number;
}

/**
 * The identity and vault tables of `SqliteStore`: statements prepared once at open, rows mapped to the
 * records of `identity-records.ts`.
 */
export class SqliteIdentityTables {
  readonly #sql: ReturnType<typeof prepare>;

  constructor(db: Database.Database) {
    this.#sql = prepare(db);
  }

  putApiKey(k: ApiKeyRecord): void {
    this.#sql.insertKey.run({
      id: k.id,
      hash: k.hash,
      user_id: k.user,
      groups: JSON.stringify(k.groups),
      scopes: k.scopes === undefined ? null : JSON.stringify(k.scopes),
      name: k.name ?? null,
      created_at: k.createdAt,
      expires_at: k.expiresAt ?? null,
      revoked_at: k.revokedAt ?? null,
      team: k.team ?? null,
      limits: k.limits === undefined ? null : JSON.stringify(k.limits),
    });
  }

  getApiKey(id: string): ApiKeyRecord | undefined {
    const row = this.#sql.getKey.get(id);
    return row === undefined ? undefined : toKey(row);
  }

  listApiKeys(): readonly ApiKeyRecord[] {
    return this.#sql.listKeys.all(MAX_PAGE).map(toKey);
  }

  setApiKeyLimits(id: string, team: string | undefined, limits: LimitSet | undefined): boolean {
    return this.#sql.setKeyLimits.run(team ?? null, limits === undefined ? null : JSON.stringify(limits), id).changes > 0;
  }

  revokeApiKey(id: string, at: number): boolean {
    return this.#sql.revokeKey.run(at, id).changes > 0;
  }

  putCredential(c: CredentialRecord): void {
    this.#sql.upsertCredential.run({
      id: c.id,
      server: c.server,
      owner: c.owner,
      key_id: c.keyId,
      nonce: c.nonce,
      ciphertext: c.ciphertext,
      created_at: c.createdAt,
      updated_at: c.updatedAt,
    });
  }

  getCredential(id: string): CredentialRecord | undefined {
    const row = this.#sql.getCredential.get(id);
    return row === undefined ? undefined : toCredential(row);
  }

  listCredentials(): readonly CredentialRecord[] {
    return this.#sql.listCredentials.all(MAX_PAGE).map(toCredential);
  }

  deleteCredential(id: string): boolean {
    return this.#sql.deleteCredential.run(id).changes > 0;
  }
}

function prepare(db: Database.Database) {
  return {
    insertKey: db.prepare<[ApiKeyRow]>(
      `INSERT INTO api_keys (id, hash, user_id, groups, scopes, name, created_at, expires_at, revoked_at, team, limits)
       VALUES (@id, @hash, @user_id, @groups, @scopes, @name, @created_at, @expires_at, @revoked_at, @team, @limits)`,
    ),
    getKey: db.prepare<[string], ApiKeyRow>('SELECT * FROM api_keys WHERE id = ?'),
    listKeys: db.prepare<[number], ApiKeyRow>('SELECT * FROM api_keys ORDER BY created_at DESC, id LIMIT ?'),
    setKeyLimits: db.prepare<[string | null, string | null, string]>('UPDATE api_keys SET team = ?, limits = ? WHERE id = ?'),
    revokeKey: db.prepare<[number, string]>('UPDATE api_keys SET revoked_at = ? WHERE id = ? AND revoked_at IS NULL'),
    upsertCredential: db.prepare<[CredentialRow]>(
      `INSERT INTO credentials (id, server, owner, key_id, nonce, ciphertext, created_at, updated_at)
       VALUES (@id, @server, @owner, @key_id, @nonce, @ciphertext, @created_at, @updated_at)
       ON CONFLICT (id) DO UPDATE SET server = excluded.server, owner = excluded.owner, key_id = excluded.key_id,
         nonce = excluded.nonce, ciphertext = excluded.ciphertext, updated_at = excluded.updated_at`,
    ),
    getCredential: db.prepare<[string], CredentialRow>('SELECT * FROM credentials WHERE id = ?'),
    listCredentials: db.prepare<[number], CredentialRow>('SELECT * FROM credentials ORDER BY id LIMIT ?'),
    deleteCredential: db.prepare<[string]>('DELETE FROM credentials WHERE id = ?'),
  };
}

function toKey(r: ApiKeyRow): ApiKeyRecord {
  return {
    id: r.id,
    hash: r.hash,
    user: r.user_id,
    groups: JSON.parse(r.groups) as string[],
    scopes: r.scopes === null ? undefined : (JSON.parse(r.scopes) as string[]),
    name: r.name ?? undefined,
    createdAt: r.created_at,
    expiresAt: r.expires_at ?? undefined,
    revokedAt: r.revoked_at ?? undefined,
    team: r.team ?? undefined,
    limits: r.limits === null ? undefined : (JSON.parse(r.limits) as LimitSet),
  };
}

function toCredential(r: CredentialRow): CredentialRecord {
  return {
    id: r.id,
    server: r.server,
    owner: r.owner,
    keyId: r.key_id,
    nonce: r.nonce,
    ciphertext: r.ciphertext,
    createdAt: r.created_at,
    updatedAt: r.updated_at,
  };
}
