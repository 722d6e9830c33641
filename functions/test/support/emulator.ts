/**
 * Shared helpers for tests that run inside `firebase emulators:exec`: an Admin SDK connected to
 * the emulators, unique ids, and polling for asynchronous outcomes (triggers and tasks run in the
 * Functions emulator, not in the test process).
 */
import { randomUUID } from 'node:crypto';

import { getApps, initializeApp } from 'firebase-admin/app';
import { getFirestore, type Firestore } from 'firebase-admin/firestore';

export const PROJECT_ID = 'demo-creator-bounty';
export const REGION = 'us-central1';
export const FUNCTIONS_URL = `http://127.0.0.1:5001/${PROJECT_ID}/${REGION}`;

export function requireEmulators(): void {
  for (const name of ['FIRESTORE_EMULATOR_HOST', 'CLOUD_TASKS_EMULATOR_HOST']) {
    if (!process.env[name]) {
      throw new Error(`${name} is not set: run integration tests through npm test`);
    }
  }
}

let db: Firestore | undefined;

export function testDb(): Firestore {
  requireEmulators();
  if (!db) {
    if (!getApps().some((app) => app.name === '[DEFAULT]'))
      initializeApp({ projectId: PROJECT_ID });
    db = getFirestore();
    db.settings({ ignoreUndefinedProperties: true });
  }
  return db;
}

export function uniqueId(prefix: string): string {
  return `${prefix}-${randomUUID().slice(0, 12)}`;
}

export interface WaitOptions {
  timeoutMs?: number;
  intervalMs?: number;
  what?: string;
}

/** Polls `probe` until it returns a value other than undefined, or fails after the timeout. */
export async function waitFor<T>(
  probe: () => Promise<T | undefined>,
  options: WaitOptions = {},
): Promise<T> {
  const deadline = Date.now() + (options.timeoutMs ?? 30_000);
  let lastError: unknown;
  while (Date.now() < deadline) {
    try {
      const value = await probe();
      if (value !== undefined) return value;
    } catch (error) {
      lastError = error;
    }
    await sleep(options.intervalMs ?? 200);
  }
  throw new Error(
    `timed out waiting for ${options.what ?? 'condition'}` +
      (lastError ? ` (last error: ${String(lastError)})` : ''),
  );
}

export function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}

/** Waits until the task record reaches one of the given statuses and returns its data. */
export async function waitForTask(
  taskId: string,
  statuses: readonly string[],
  timeoutMs = 60_000,
): Promise<Record<string, unknown>> {
  return waitFor(
    async () => {
      const snapshot = await testDb().collection('tasks').doc(taskId).get();
      const data = snapshot.data();
      return data && statuses.includes(data.status as string) ? data : undefined;
    },
    { timeoutMs, what: `task ${taskId} to be ${statuses.join('|')}` },
  );
}
