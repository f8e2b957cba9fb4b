import { loadVaultKeys } from '../../secrets/vault-keys.js';
import { Vault } from '../../secrets/vault.js';
import { openStore } from '../../store/open-store.js';
import type { CliIO } from '../io.js';
import { parseCommandArgs } from './args.js';
import { dataDir } from './data-dir.js';

const USAGE = `usage: rampart credentials set --server S [--user U] [--from-env VAR] [--data DIR]   (value on stdin unless --from-env)
       rampart credentials list [--json] [--data DIR]
       rampart credentials delete --server S [--user U] [--data DIR]
       rampart credentials rotate [--data DIR]   (re-encrypt under RAMPART_VAULT_KEY; old keys in RAMPART_VAULT_OLD_KEYS)
`;

/**
 * `rampart credentials`: upstream credentials in the local vault. Values never appear as arguments (the
 * process list would show them) and are never printed back.
 */
export async function credentials(args: string[], io: CliIO): Promise<number> {
  const p = parseCommandArgs(args, {
    server: { type: 'string' },
    user: { type: 'string' },
    'from-env': { type: 'string' },
    data: { type: 'string' },
    json: { type: 'boolean' },
    help: { type: 'boolean' },
  });
  if (p.ok && p.values.help === true) {
    io.out(USAGE);
    return 0;
  }
  const verb = p.ok ? p.positionals[0] : undefined;
  if (!p.ok || verb === undefined || !['set', 'list', 'delete', 'rotate'].includes(verb) || p.positionals.length !== 1) {
    io.err(`${p.ok ? '' : `rampart credentials: ${p.message}\n`}${USAGE}`);
    return 2;
  }
  const v = p.values;
  if ((verb === 'set' || verb === 'delete') && v.server === undefined) {
    io.err(`rampart credentials: ${verb} needs --server\n${USAGE}`);
    return 2;
  }
  let value: string | undefined;
  if (verb === 'set') {
    const envName = v['from-env'];
    value = envName === undefined ? await io.stdin?.() : process.env[envName];
    // One trailing newline is the shell's (`echo`), not part of the token.
    value = value?.replace(/\r?\n$/, '');
    if (value === undefined || value === '') {
      io.err(`rampart credentials: no value (${envName === undefined ? 'stdin was empty' : `${envName} is not set`})\n`);
      return 2;
    }
  }
  const data = dataDir(v.data);
  const store = await openStore({ data });
  try {
    const vault = new Vault({ store, keys: () => loadVaultKeys({ data }) });
    const ref = { server: v.server ?? '', user: v.user };
    switch (verb) {
      case 'set': {
        const info = await vault.set(ref, value ?? '');
        io.out(`stored ${info.id} (key ${info.keyId})\n`);
        return 0;
      }
      case 'list': {
        const all = await vault.list();
        if (v.json === true) io.out(`${JSON.stringify(all)}\n`);
        else for (const c of all) io.out(`${c.id.padEnd(32)} owner=${c.owner.padEnd(16)} key=${c.keyId} updated=${new Date(c.updatedAt).toISOString()}\n`);
        return 0;
      }
      case 'delete': {
        if (await vault.delete(ref)) {
          io.out(`deleted ${v.user === undefined ? ref.server : `${ref.server}/${v.user}`}\n`);
          return 0;
        }
        io.err('rampart credentials: no such credential\n');
        return 1;
      }
      case 'rotate': {
        io.out(`re-encrypted ${await vault.rotate()} credential(s)\n`);
        return 0;
      }
      default:
        return 2;
    }
  } finally {
    await store.close();
  }
}
