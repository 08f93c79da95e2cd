import { defineConfig } from 'vitest/config';

// One project per package; server tests share one PostgreSQL started in globalSetup.
export default defineConfig({
  test: {
    projects: [
      { test: { name: 'api', root: 'packages/api', include: ['src/**/*.test.ts'] } },
      {
        test: {
          name: 'server',
          root: 'packages/server',
          include: ['src/**/*.test.ts', 'test/**/*.test.ts'],
          globalSetup: ['test/global-setup.ts'],
          testTimeout: 60_000,
          hookTimeout: 120_000,
        },
      },
      { test: { name: 'cli', root: 'packages/cli', include: ['src/**/*.test.ts', 'test/**/*.test.ts'], globalSetup: ['../server/test/global-setup.ts'], testTimeout: 60_000, hookTimeout: 120_000 } },
      { test: { name: 'e2e', root: 'e2e', include: ['**/*.e2e.test.ts'], globalSetup: ['../packages/server/test/global-setup.ts'], testTimeout: 120_000, hookTimeout: 180_000, fileParallelism: false } },
    ],
  },
});
