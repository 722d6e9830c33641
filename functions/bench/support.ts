/**
 * Shared pieces of the benchmarks: isolated Firestore databases (one emulator project id each),
 * services with a counting enqueue, medians, batched seeding.
 */
import { randomUUID } from 'node:crypto';

import { initializeApp } from 'firebase-admin/app';
import { getFirestore, type Firestore } from 'firebase-admin/firestore';

import type { Services } from '../src/processors/types';
import type { EnqueueResult } from '../src/runtime/enqueue';

export function requireFirestoreEmulator(): void {
  if (!process.env.FIRESTORE_EMULATOR_HOST) {
    throw new Error('FIRESTORE_EMULATOR_HOST is not set: run benchmarks through npm run bench');
  }
}

/** A database of its own: the emulator keeps each project id's data apart. */
export function isolatedDb(label: string): Firestore {
  requireFirestoreEmulator();
  const projectId = `demo-bench-${label}-${randomUUID().slice(0, 8)}`;
  const app = initializeApp({ projectId }, projectId);
  const db = getFirestore(app);
  db.settings({ ignoreUndefinedProperties: true });
  return db;
}

/** Services whose enqueue only counts: the benchmark measures Firestore work, not dispatch. */
export function countingServices(db: Firestore): Services & { enqueued: () => number } {
  let count = 0;
  const unavailable = async (): Promise<never> => {
    throw new Error('not available in benchmarks');
  };
  return {
    db,
    clock: { now: () => new Date() },
    enqueue: async (): Promise<EnqueueResult> => {
      count += 1;
      return { taskId: `bench-${count}`, queue: 'bench', created: true };
    },
    payments: unavailable,
    push: unavailable,
    fetch: globalThis.fetch,
    config: { oembedBaseUrl: null, releaseHoldSeconds: 0 },
    inEmulator: true,
    enqueued: () => count,
  };
}

export function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)] ?? 0;
}

export async function timeIt(work: () => Promise<unknown>): Promise<number> {
  const start = process.hrtime.bigint();
  await work();
  return Number(process.hrtime.bigint() - start) / 1e6;
}

/** Writes documents in batches of 500, a few batches at a time. */
export async function seedDocuments(
  db: Firestore,
  collection: string,
  count: number,
  build: (index: number) => { id: string; data: Record<string, unknown> },
): Promise<void> {
  const batchSize = 500;
  const batches: number[] = [];
  for (let start = 0; start < count; start += batchSize) batches.push(start);
  let next = 0;
  const worker = async () => {
    while (next < batches.length) {
      const start = batches[next] as number;
      next += 1;
      const batch = db.batch();
      for (let index = start; index < Math.min(count, start + batchSize); index += 1) {
        const doc = build(index);
        batch.set(db.collection(collection).doc(doc.id), doc.data);
      }
      await batch.commit();
    }
  };
  await Promise.all(Array.from({ length: 4 }, worker));
}
