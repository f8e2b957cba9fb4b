import { createHash, randomBytes } from 'node:crypto';
import { closeSync, existsSync, mkdirSync, openSync, readFileSync, statSync, writeSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { GatewayError } from '../core/index.js';

/** One AES-256 key and its id (a fingerprint: the first 16 hex digits of SHA-256 of the key). */
export interface VaultKey {
  readonly id: string;
  readonly key: Buffer;
}

/** The key that encrypts new values, and every key that may still decrypt old ones (rotation). */
export interface VaultKeyring {
  readonly current: VaultKey;
  readonly byId: ReadonlyMap<string, VaultKey>;
  /** Where the current key came from, for messages (never the key). */
  readonly source: string;
}

/** The key file inside a data directory, created on first use in local mode. */
export const VAULT_KEY_FILE = 'vault.key';

/** Makes a key from 32 raw bytes. */
export function vaultKey(key: Buffer): VaultKey {
  if (key.length !== 32) throw new GatewayError('INTERNAL', `a vault key is 32 bytes, got ${key.length}`);
  // A 256-bit random key cannot be recovered from its hash, so the id may be stored beside each record.
  return { id: createHash('sha256').update(key).digest('hex').slice(0, 16), key };
}

function fromBase64(text: string, what: string): VaultKey {
  const raw = Buffer.from(text.trim(), 'base64');
  if (raw.length !== 32) throw new GatewayError('INTERNAL', `${what}: must be 32 bytes in base64, got ${raw.length} bytes`);
  return vaultKey(raw);
}

/** Options for `loadVaultKeys`. */
export interface LoadVaultKeysOptions {
  /** The data directory (`:memory:` gets a key that lives as long as the process). */
  readonly data: string;
  readonly env?: NodeJS.ProcessEnv | undefined;
}

/**
 * The keyring, from (first match wins) `RAMPART_VAULT_KEY` (base64, 32 bytes), the file named by
 * `RAMPART_VAULT_KEY_FILE`, or `<data>/vault.key`, created with mode 0600 if missing. A key file readable by
 * group or others is refused, as ssh does. `RAMPART_VAULT_OLD_KEYS` (comma-separated base64) lists retired
 * keys that may still decrypt until `rampart credentials rotate` re-encrypts everything.
 */
export function loadVaultKeys(opts: LoadVaultKeysOptions): VaultKeyring {
  const env = opts.env ?? process.env;
  let current: VaultKey;
  let source: string;
  const fromEnv = env['RAMPART_VAULT_KEY'];
  if (fromEnv !== undefined && fromEnv !== '') {
    current = fromBase64(fromEnv, 'RAMPART_VAULT_KEY');
    source = 'RAMPART_VAULT_KEY';
  } else if (opts.data === ':memory:' && env['RAMPART_VAULT_KEY_FILE'] === undefined) {
    current = vaultKey(randomBytes(32));
    source = 'in memory (lost on exit)';
  } else {
    source = env['RAMPART_VAULT_KEY_FILE'] ?? join(opts.data, VAULT_KEY_FILE);
    current = readOrCreateKeyFile(source);
  }
  const byId = new Map<string, VaultKey>([[current.id, current]]);
  for (const [i, old] of (env['RAMPART_VAULT_OLD_KEYS'] ?? '').split(',').filter((s) => s.trim() !== '').entries()) {
    const k = fromBase64(old, `RAMPART_VAULT_OLD_KEYS[${i}]`);
    if (!byId.has(k.id)) byId.set(k.id, k);
  }
  return { current, byId, source };
}

function readOrCreateKeyFile(path: string): VaultKey {
  if (!existsSync(path)) {
    mkdirSync(dirname(path), { recursive: true });
    try {
      // 'wx': never overwrite a key another process created a moment ago; 0600 from the first byte.
      const fd = openSync(path, 'wx', 0o600);
      try {
        writeSync(fd, `${randomBytes(32).toString('base64')}\n`);
      } finally {
        closeSync(fd);
      }
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code !== 'EEXIST') throw e;
    }
  }
  const mode = statSync(path).mode & 0o777;
  if ((mode & 0o077) !== 0) {
    throw new GatewayError('INTERNAL', `vault key file ${path} has mode ${mode.toString(8)}: it must be readable by its owner only (chmod 600)`);
  }
  return fromBase64(readFileSync(path, 'utf8'), `vault key file ${path}`);
}
