import { configDefaults, defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['src/**/*.test.ts', 'test/**/*.test.ts'],
    // Real Codex and Gemini CLI runs: `npm run test:agents` (vitest.agents.config.ts).
    exclude: [...configDefaults.exclude, 'test/agents/**/*.agent.test.ts'],
    pool: 'forks',
    testTimeout: 30_000,
  },
});
