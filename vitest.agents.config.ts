import { defineConfig } from 'vitest/config';

/**
 * `npm run test:agents`: the real Codex CLI and Gemini CLI, too big for `npm ci` (404 MB and 100 MB), are
 * installed on demand into ~/.cache/rampart-agents (RAMPART_AGENTS_CACHE) and run headless against the
 * scripted servers. Never part of `npm test`.
 */
export default defineConfig({
  test: {
    include: ['test/agents/**/*.agent.test.ts'],
    pool: 'forks',
    fileParallelism: false,
    testTimeout: 300_000,
    hookTimeout: 300_000,
  },
});
