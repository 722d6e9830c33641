/**
 * Per-task overhead of the handler runtime: an analytics task through `handleTask` (claim the
 * task record, validate, run, record the outcome and the queue statistics) against a bare
 * handler doing the same analytics write with no bookkeeping, in one run, alternating.
 */
import { randomUUID } from 'node:crypto';

import { getQueue } from '../src/config/queues';
import { recordAnalyticsEvent } from '../src/processors/record-analytics-event';
import { handleTask } from '../src/runtime/handle-task';
import { countingServices, isolatedDb, median, timeIt } from './support';

const TASKS = Number(process.env.TASK_OVERHEAD_RUNS ?? 150);

function payload() {
  return {
    eventId: randomUUID().replace(/-/g, ''),
    event: 'bounty_funded' as const,
    occurredAt: new Date().toISOString(),
    bountyId: 'bench-bounty',
    amountCents: 100,
  };
}

export async function runTaskOverheadBenchmark(): Promise<{ ratio: number }> {
  const services = countingServices(isolatedDb('task-overhead'));
  const queue = getQueue('analyticsLow');
  const bare: number[] = [];
  const runtime: number[] = [];
  for (let index = 0; index < TASKS; index += 1) {
    const run = {
      taskId: `bare-${index}`,
      attempt: 1,
      maxAttempts: 5,
      isLastAttempt: false,
      context: { operation: 'bench' },
    };
    bare.push(await timeIt(() => recordAnalyticsEvent(payload(), run, services)));
    const taskId = `bench-${randomUUID()}`;
    const data = {
      taskId,
      type: 'analytics',
      priority: 'low',
      payload: payload(),
      context: { operation: 'bench' },
      enqueuedAt: '',
    };
    runtime.push(
      await timeIt(() => handleTask(queue, { data, retryCount: 0 }, { maxAttempts: 5, services })),
    );
  }
  const ratio = median(runtime) / median(bare);
  console.log(
    `task overhead: analytics task through the runtime ${median(runtime).toFixed(1)} ms vs bare ` +
      `handler doing the same write ${median(bare).toFixed(1)} ms → ratio ${ratio.toFixed(2)} ` +
      `(median of ${TASKS}; the runtime adds a claim transaction and one outcome batch)`,
  );
  return { ratio };
}

if (require.main === module) {
  runTaskOverheadBenchmark().catch((error: unknown) => {
    console.error(error);
    process.exit(1);
  });
}
