import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';

/**
 * The API key format: `rk_<id>_<secret>`, `id` 8 random bytes in hex (public: shown in listings, used to
 * find the row), `secret` 32 random bytes in base64url (256 bits).
 *
 * Stored as SHA-256 of the whole key, not a slow password hash: bcrypt/scrypt/argon2 exist to make guessing
 * a low-entropy password expensive, but a 256-bit random secret cannot be guessed whatever the hash, so a
 * slow hash would only add milliseconds to every request. A leaked database therefore yields no usable key.
 */
export const API_KEY_PREFIX = 'rk_';

const KEY_SHAPE = /^rk_([0-9a-f]{16})_([A-Za-z0-9_-]{43})$/;

/** A freshly generated key: the key (shown once) and what is stored. */
export interface GeneratedKey {
  readonly key: string;
  readonly id: string;
  readonly hash: string;
}

/** Generates a key from the CSPRNG. */
export function generateApiKey(): GeneratedKey {
  const id = randomBytes(8).toString('hex');
  const key = `${API_KEY_PREFIX}${id}_${randomBytes(32).toString('base64url')}`;
  return { key, id, hash: hashApiKey(key) };
}

/** The public id of a well-formed key, or undefined. */
export function apiKeyId(key: string): string | undefined {
  return KEY_SHAPE.exec(key)?.[1];
}

/** SHA-256 of the key, hex. */
export function hashApiKey(key: string): string {
  return createHash('sha256').update(key).digest('hex');
}

/** Compares a presented key with a stored hash in constant time (the hash of either never leaks by timing). */
export function apiKeyMatches(key: string, storedHash: string): boolean {
  const a = createHash('sha256').update(key).digest();
  const b = Buffer.from(storedHash, 'hex');
  return a.length === b.length && timingSafeEqual(a, b);
}

/** Constant-time equality of two secrets of any length: compares their SHA-256 digests. */
export function secretEquals(a: string, b: string): boolean {
  return timingSafeEqual(createHash('sha256').update(a).digest(), createHash('sha256').update(b).digest());
}
