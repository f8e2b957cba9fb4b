import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync } from 'node:fs';
import { homedir } from 'node:os';
import { join } from 'node:path';

/** Agents too big for `npm ci` (Codex 404 MB, Gemini CLI 100 MB), installed on demand outside the repo. */
export const CACHED_AGENTS = {
  codex: { pkg: '@openai/codex', version: '0.169.0', bin: 'codex' },
  'gemini-cli': { pkg: '@google/gemini-cli', version: '0.61.0', bin: 'gemini' },
} as const;

/** The cache folder: RAMPART_AGENTS_CACHE, else ~/.cache/rampart-agents. */
export function agentCacheDir(): string {
  return process.env['RAMPART_AGENTS_CACHE'] ?? join(homedir(), '.cache', 'rampart-agents');
}

/**
 * The path of a cached agent's executable, installing `<pkg>@<version>` into
 * `<cache>/<name>@<version>` with npm the first time (about 8 s each here). Used by `npm run test:agents`
 * only, never by `npm test`.
 */
export function ensureCachedAgent(name: keyof typeof CACHED_AGENTS): string {
  const a = CACHED_AGENTS[name];
  const dir = join(agentCacheDir(), `${name}@${a.version}`);
  const bin = join(dir, 'node_modules', '.bin', a.bin);
  if (!existsSync(bin)) {
    mkdirSync(dir, { recursive: true });
    execFileSync('npm', ['install', '--prefix', dir, '--no-save', '--no-audit', '--no-fund', `${a.pkg}@${a.version}`], { stdio: 'inherit' });
  }
  return bin;
}
