import { defineConfig } from 'vitest/config';

/**
 * Three suites:
 * - unit: pure logic and in-process HTTP stand-ins; needs nothing running.
 * - integration: runs inside `firebase emulators:exec` against the Firestore, Cloud Tasks, Auth
 *   and Functions emulators and the local Stripe / oEmbed / Sentry stand-ins.
 * - rules: Firestore security rules against the Firestore emulator.
 */
export default defineConfig({
  test: {
    projects: [
      {
        test: {
          name: 'unit',
          include: ['test/unit/**/*.test.ts'],
          environment: 'node',
        },
      },
      {
        test: {
          name: 'integration',
          include: ['test/integration/**/*.test.ts'],
          // In-process code logs through firebase-functions' logger; show it only for failures.
          silent: 'passed-only',
          environment: 'node',
          testTimeout: 120_000,
          hookTimeout: 120_000,
          // The emulators are shared; files run one at a time so timing-sensitive tests
          // (priority lanes, retries) are not starved by each other on a 2-core machine.
          fileParallelism: false,
        },
      },
      {
        test: {
          name: 'rules',
          include: ['test/rules/**/*.test.ts'],
          environment: 'node',
          testTimeout: 30_000,
          fileParallelism: false,
        },
      },
    ],
  },
});
