/**
 * Enqueue fan-out: 1,000 tasks through the real enqueue API into the Cloud Tasks emulator with
 * bounded concurrency, against the same 1,000 enqueued one after another, in one run.
 * Needs the emulator suite (scripts/bench.sh starts it).
 */
import { randomUUID } from 'node:crypto';

import { getApps, initializeApp } from 'firebase-admin/app';
import { getFirestore } from 'firebase-admin/firestore';

import { createCloudTasksDispatcher } from '../src/adapters/task-dispatcher';
import type { EnqueueRequest } from '../src/domain/task-request';
import { createEnqueue } from '../src/runtime/enqueue';
import { runBounded } from '../src/runtime/run-bounded';
import { timeIt } from './support';

const TASK_COUNT = 1_000;
const CONCURRENCY = 25;

function requests(label: string): EnqueueRequest[] {
  const batch = randomUUID().slice(0, 8);
  return Array.from({ length: TASK_COUNT }, (_, index) => ({
    type: 'canary',
    priority: 'low',
    dedupeKey: `bench-${label}-${batch}-${index}`,
    context: { operation: 'bench.fanout' },
    payload: { note: 'bench' },
  }));
}

export async function runEnqueueFanoutBenchmark(): Promise<{ ratio: number }> {
  if (!process.env.CLOUD_TASKS_EMULATOR_HOST)
    throw new Error('CLOUD_TASKS_EMULATOR_HOST is not set');
  if (!getApps().some((app) => app.name === '[DEFAULT]'))
    initializeApp({ projectId: 'demo-creator-bounty' });
  const enqueue = createEnqueue(getFirestore(), createCloudTasksDispatcher());

  const sequentialMs = await timeIt(async () => {
    for (const request of requests('sequential')) await enqueue(request);
  });
  const boundedMs = await timeIt(() =>
    runBounded(requests('bounded'), CONCURRENCY, async (request) => {
      await enqueue(request);
    }),
  );
  const ratio = sequentialMs / boundedMs;
  console.log(
    `enqueue fan-out: 1,000 tasks with ${CONCURRENCY} in flight ${boundedMs.toFixed(0)} ms vs ` +
      `one at a time ${sequentialMs.toFixed(0)} ms → ${ratio.toFixed(1)}× faster ` +
      `(bounded/sequential time ratio ${(boundedMs / sequentialMs).toFixed(2)})`,
  );
  return { ratio };
}

if (require.main === module) {
  runEnqueueFanoutBenchmark().catch((error: unknown) => {
    console.error(error);
    process.exit(1);
  });
}
