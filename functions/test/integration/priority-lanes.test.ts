/**
 * Priority through queue topology: a high-priority task does not wait behind a low-priority
 * backlog, even when the low lane is limited to one concurrent dispatch
 * (TASK_QUEUE_CANARY_CONCURRENCY=1 in the harness's functions/.env.local).
 */
import { describe, expect, it } from 'vitest';

import { testDb, uniqueId, waitFor, waitForTask } from '../support/emulator';
import { testEnqueue } from '../support/tasks';

const BACKLOG = 200;
const HOLD_MS = 100;

async function countLowPending(): Promise<number> {
  const pending = await testDb()
    .collection('tasks')
    .where('queue', '==', 'canaryLow')
    .where('status', 'in', ['queued', 'running', 'retrying'])
    .count()
    .get();
  return pending.data().count;
}

describe('priority lanes', () => {
  it('completes a high-priority task promptly behind 200 pending low-priority tasks', async () => {
    const enqueue = testEnqueue();
    const batch = uniqueId('backlog');
    const low = [];
    for (let index = 0; index < BACKLOG; index += 10) {
      const chunk = Array.from({ length: 10 }, (_, offset) =>
        enqueue({
          type: 'canary',
          priority: 'low',
          dedupeKey: `${batch}:${index + offset}`,
          context: { operation: 'test.backlog' },
          payload: { note: batch, holdMs: HOLD_MS },
        }),
      );
      low.push(...(await Promise.all(chunk)));
    }

    const enqueuedAt = Date.now();
    const high = await enqueue({
      type: 'canary',
      priority: 'high',
      dedupeKey: uniqueId('urgent'),
      context: { operation: 'test.urgent' },
      payload: { note: 'urgent' },
    });
    await waitForTask(high.taskId, ['succeeded'], 60_000);
    const waitedMs = Date.now() - enqueuedAt;
    const lowPending = await countLowPending();

    process.stdout.write(
      `priority: high-priority task done ${waitedMs} ms after enqueue, with ${lowPending} of ` +
        `${BACKLOG} low-priority tasks still pending (one at a time, ${HOLD_MS} ms each)\n`,
    );
    expect(low[0]?.queue).toBe('canaryLow');
    expect(high.queue).toBe('canaryHigh');
    // Structural, not timed: the high task finished while the low backlog was still waiting.
    expect(lowPending).toBeGreaterThan(0);

    // Drain the backlog so later tests do not share the emulator with it.
    await waitFor(async () => ((await countLowPending()) === 0 ? true : undefined), {
      timeoutMs: 90_000,
      intervalMs: 1_000,
      what: 'the low-priority backlog to drain',
    });
  });
});
