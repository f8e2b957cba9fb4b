// Detection benchmark: replays the labelled corpus through `rampart replay --json` and prints the scorer's
// table. Needs ../shared/corpus (not part of a user's clone); says so and exits 0 when it is absent.
//   npm run bench:detect            # dev split
//   CORPUS=path/to/x.jsonl npm run bench:detect
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, writeFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const corpusDir = resolve(root, '..', 'shared', 'corpus');
const corpora = process.env.CORPUS ? [resolve(process.env.CORPUS)] : ['dev.jsonl', 'holdout.jsonl'].map((f) => join(corpusDir, f)).filter(existsSync);
if (corpora.length === 0) {
  console.log(`bench:detect: no corpus at ${corpusDir}; skipped`);
  process.exit(0);
}
mkdirSync(join(root, 'bench', 'out'), { recursive: true });
for (const corpus of corpora) {
  const out = join(root, 'bench', 'out', `replay-${corpus.split('/').pop()}`);
  const t0 = performance.now();
  const r = spawnSync(process.execPath, [join(root, 'dist', 'cli', 'main.js'), 'replay', corpus, '--json'], { encoding: 'utf8', maxBuffer: 1 << 30 });
  const secs = (performance.now() - t0) / 1000;
  if (r.status !== 0) {
    console.error(r.stderr);
    process.exit(r.status ?? 1);
  }
  writeFileSync(out, r.stdout);
  console.log(`\n# ${corpus}  (replayed in ${secs.toFixed(1)} s)\n`);
  const score = spawnSync(process.execPath, [join(corpusDir, 'score.mjs'), '--corpus', corpus, '--results', out], { encoding: 'utf8' });
  process.stdout.write(score.stdout);
  if (score.status !== 0 && score.status !== 1) process.exit(score.status ?? 2);
}
