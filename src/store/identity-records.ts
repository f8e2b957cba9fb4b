import type { LimitSet } from '../core/index.js';

/**
 * What the store keeps for identity (API keys) and for the credential vault. The store only persists these
 * rows; hashing, comparing and encrypting happen in `identity/` and `secrets/`, so no secret in clear ever
 * reaches a store method.
 */

/**
 * One API key as stored: never the key itself, only the SHA-256 of it (hex). `id` is the public part of the
 * key (`rk_<id>_<secret>`), used to find the row and shown in listings.
 */
export interface ApiKeyRecord {
  readonly id: string;
  /** SHA-256 of the whole key, hex. */
  readonly hash: string;
  readonly user: string;
  readonly groups: readonly string[];
  /** Surfaces or servers the key may use (`mcp`, `mcp:github`, `llm`, `admin`); `undefined` = all. */
  readonly scopes: readonly string[] | undefined;
  /** A free-text label chosen at creation. */
  readonly name: string | undefined;
  readonly createdAt: number;
  readonly expiresAt: number | undefined;
  readonly revokedAt: number | undefined;
  /** The team the key's spend also counts against (issue 5 §3). */
  readonly team?: string | undefined;
  /** The key's own budget, rate limits and allowed models. */
  readonly limits?: LimitSet | undefined;
}

/**
 * One upstream credential, encrypted (AES-256-GCM). `id` and `owner` are bound to the ciphertext as
 * additional authenticated data, so a row copied onto another id or owner fails to decrypt.
 */
export interface CredentialRecord {
  /** `<server>` for a per-server credential, `<server>/<user>` for a per-user one (see `secrets/`). */
  readonly id: string;
  readonly server: string;
  /** The user it belongs to, or `*` for the server's shared credential. */
  readonly owner: string;
  /** Which vault key encrypted it (a fingerprint of the key, never the key). */
  readonly keyId: string;
  /** 96-bit GCM nonce, base64. */
  readonly nonce: string;
  /** Ciphertext followed by the 128-bit GCM tag, base64. */
  readonly ciphertext: string;
  readonly createdAt: number;
  readonly updatedAt: number;
}
