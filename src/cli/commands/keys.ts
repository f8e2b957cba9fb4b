import { ApiKeys } from '../../identity/api-keys.js';
import { openStore } from '../../store/open-store.js';
import type { CliIO } from '../io.js';
import { parseCommandArgs } from './args.js';
import { dataDir } from './data-dir.js';
import { parseDuration } from './duration.js';
import { keyLimitsFromFlags } from './key-limits.js';

const USAGE = `usage: rampart keys create --user U [--group G]... [--scope S]... [--name N] [--expires 30d] [--data DIR] [--json]
                          [--team T] [--budget USD [--budget-period none|daily|weekly|monthly]] [--rpm N] [--tpm N] [--model PATTERN]...
       rampart keys list [--json] [--data DIR]
       rampart keys revoke rk_ID [--data DIR]
scopes: mcp, mcp:<server>, llm, hooks, events, metrics, admin (none = every surface)
limits: --budget in US dollars per period (default monthly); --model limits the key to those models (name or prefix*)
`;

/**
 * `rampart keys`: API keys in the local store (the same database the server reads, so a revoke takes effect
 * on the next request). The key is printed once, at creation; only its hash is stored.
 */
export async function keys(args: string[], io: CliIO): Promise<number> {
  const p = parseCommandArgs(args, {
    user: { type: 'string' },
    group: { type: 'string', multiple: true },
    scope: { type: 'string', multiple: true },
    name: { type: 'string' },
    expires: { type: 'string' },
    team: { type: 'string' },
    budget: { type: 'string' },
    'budget-period': { type: 'string' },
    rpm: { type: 'string' },
    tpm: { type: 'string' },
    model: { type: 'string', multiple: true },
    data: { type: 'string' },
    json: { type: 'boolean' },
    help: { type: 'boolean' },
  });
  if (p.ok && p.values.help === true) {
    io.out(USAGE);
    return 0;
  }
  const verb = p.ok ? p.positionals[0] : undefined;
  if (!p.ok || verb === undefined || !['create', 'list', 'revoke'].includes(verb)) {
    io.err(`${p.ok ? '' : `rampart keys: ${p.message}\n`}${USAGE}`);
    return 2;
  }
  const v = p.values;
  let expiresIn: number | undefined;
  if (v.expires !== undefined) {
    expiresIn = parseDuration(v.expires);
    if (expiresIn === undefined) {
      io.err('rampart keys: --expires takes a duration such as 90m, 12h or 30d\n');
      return 2;
    }
  }
  if (verb === 'create' && v.user === undefined) {
    io.err(`rampart keys: create needs --user\n${USAGE}`);
    return 2;
  }
  const limits = keyLimitsFromFlags(v);
  if (!limits.ok) {
    io.err(`rampart keys: ${limits.message}\n`);
    return 2;
  }
  const id = p.positionals[1];
  if (verb === 'revoke' && (id === undefined || p.positionals.length !== 2)) {
    io.err(`rampart keys: revoke takes one key id\n${USAGE}`);
    return 2;
  }
  const store = await openStore({ data: dataDir(v.data) });
  try {
    const api = new ApiKeys({ store });
    switch (verb) {
      case 'create': {
        const { key, info } = await api.create({
          user: v.user ?? '',
          groups: v.group,
          scopes: v.scope,
          name: v.name,
          expiresAt: expiresIn === undefined ? undefined : Date.now() + expiresIn,
          team: v.team,
          limits: limits.limits,
        });
        if (v.json === true) io.out(`${JSON.stringify({ key, ...info })}\n`);
        else io.out(`${key}\n`);
        io.err(`created ${info.prefix} for ${info.user}: store it now, it cannot be shown again\n`);
        return 0;
      }
      case 'list': {
        const all = await api.list();
        if (v.json === true) {
          io.out(`${JSON.stringify(all)}\n`);
          return 0;
        }
        io.out(`${'KEY'.padEnd(20)} ${'USER'.padEnd(16)} ${'GROUPS'.padEnd(16)} ${'SCOPES'.padEnd(12)} ${'CREATED'.padEnd(20)} ${'EXPIRES'.padEnd(20)} STATUS\n`);
        for (const k of all) {
          const status = k.revokedAt !== undefined ? 'revoked' : k.expiresAt !== undefined && k.expiresAt <= Date.now() ? 'expired' : 'active';
          io.out(
            `${k.prefix.padEnd(20)} ${k.user.padEnd(16)} ${(k.groups.join(',') || '-').padEnd(16)} ${(k.scopes?.join(',') ?? 'all').padEnd(12)} ${iso(k.createdAt).padEnd(20)} ${(k.expiresAt === undefined ? 'never' : iso(k.expiresAt)).padEnd(20)} ${status}\n`,
          );
        }
        return 0;
      }
      case 'revoke': {
        if (await api.revoke(id ?? '')) {
          io.out(`revoked ${id ?? ''}\n`);
          return 0;
        }
        io.err(`rampart keys: no active key ${id ?? ''}\n`);
        return 1;
      }
      default:
        return 2;
    }
  } finally {
    await store.close();
  }
}

function iso(ms: number): string {
  return new Date(ms).toISOString().slice(0, 19).replace('T', ' ');
}
