import { defineConfig } from 'vitest/config';
import { fileURLToPath } from 'node:url';

// Tests run the TypeScript sources (vitest keeps decorator metadata), so workspace packages
// resolve to their src/ rather than to a possibly stale dist/.
const src = (path: string) => fileURLToPath(new URL(path, import.meta.url));
const exact = (name: string, path: string) => ({ find: new RegExp(`^${name}$`), replacement: src(path) });

export default defineConfig({
  resolve: {
    alias: [
      // One copy of graphql for everyone: its .mjs and .js builds are different modules, and a
      // scalar made with one fails type-graphql's instanceof checks made with the other.
      exact('graphql', './node_modules/graphql/index.js'),
      exact('@cps/policy', './packages/policy/src/index.ts'),
      exact('@cps/service-kit', './packages/service-kit/src/index.ts'),
      exact('@cps/members', './subgraphs/members/src/index.ts'),
      exact('@cps/catalogue', './subgraphs/catalogue/src/index.ts'),
      exact('@cps/regions', './subgraphs/regions/src/index.ts'),
      exact('@cps/schema', './schema/src/compose.ts'),
      exact('@cps/gateway', './gateway/src/index.ts'),
      exact('@cps/testing', './packages/testing/src/index.ts'),
    ],
  },
  test: {
    include: [
      'test/**/*.test.ts',
      'packages/*/src/**/*.test.ts',
      'subgraphs/*/src/**/*.test.ts',
      'gateway/src/**/*.test.ts',
      'bench/src/**/*.test.ts',
    ],
    // Nothing leaves the machine: every worker and child process runs with the egress guard.
    globalSetup: ['test/egress/guard-every-test.ts'],
    testTimeout: 30_000,
    hookTimeout: 120_000,
    fileParallelism: false,
    // One module cache across files: every file imports the whole stack, and importing it anew for each file cost two minutes.
    isolate: false,
    env: { LOG_LEVEL: 'warn' },
  },
});
