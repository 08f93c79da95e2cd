import os from 'node:os';
import { defineConfig } from 'vitest/config';

// Test files run at most this many at a time, every project in one pool. Vitest's default (cores − 1) is 1 on a
// 2-core machine, which left a core idle while the files waited on PostgreSQL, Chromium and child processes.
// LANTAI_TEST_WORKERS=n overrides it (as does --maxWorkers=n).
const workers = Number(process.env.LANTAI_TEST_WORKERS) || Math.max(2, os.availableParallelism() - 1);

// One project per package; server tests share one PostgreSQL started in globalSetup.
export default defineConfig({
  test: {
    maxWorkers: workers,
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
      // The web app is built once per run (web/support/global-setup.ts), so the browser files run in parallel too.
      { test: { name: 'e2e', root: 'e2e', include: ['**/*.e2e.test.ts'], globalSetup: ['../packages/server/test/global-setup.ts', 'web/support/global-setup.ts'], testTimeout: 120_000, hookTimeout: 180_000 } },
    ],
  },
});
