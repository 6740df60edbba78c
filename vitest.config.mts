import { defineConfig } from 'vitest/config';
import { fileURLToPath } from 'node:url';

// Tests run the TypeScript sources (vitest keeps decorator metadata), so workspace packages
// resolve to their src/ rather than to a possibly stale dist/.
const src = (path: string) => fileURLToPath(new URL(path, import.meta.url));

export default defineConfig({
  resolve: {
    alias: {
      // One copy of graphql for everyone: its .mjs and .js builds are different modules, and a
      // scalar made with one fails type-graphql's instanceof checks made with the other.
      graphql: src('./node_modules/graphql/index.js'),
      '@cps/policy': src('./packages/policy/src/index.ts'),
      '@cps/service-kit': src('./packages/service-kit/src/index.ts'),
      '@cps/members': src('./subgraphs/members/src/index.ts'),
      '@cps/catalogue': src('./subgraphs/catalogue/src/index.ts'),
      '@cps/regions': src('./subgraphs/regions/src/index.ts'),
      '@cps/gateway': src('./gateway/src/index.ts'),
    },
  },
  test: {
    include: ['test/**/*.test.ts', 'packages/*/src/**/*.test.ts', 'subgraphs/*/src/**/*.test.ts', 'gateway/src/**/*.test.ts'],
    testTimeout: 30_000,
    hookTimeout: 120_000,
    fileParallelism: false,
    env: { LOG_LEVEL: 'warn' },
  },
});
