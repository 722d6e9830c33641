/**
 * The handler runtime against the Cloud Tasks and Functions emulators: retries with backoff,
 * dead letters, and the HTTP answer that steers Cloud Tasks. The queues run with
 * TASK_QUEUE_MAX_RETRIES=3 (functions/.env.local written by the test harness).
 */
import { getFunctions } from 'firebase-admin/functions';
import { describe, expect, it } from 'vitest';

import { FUNCTIONS_URL, testDb, uniqueId, waitForTask } from '../support/emulator';
import { testEnqueue } from '../support/tasks';

const MAX_ATTEMPTS = 3;

async function deadLetter(taskId: string) {
  return (await testDb().collection('deadLetters').doc(taskId).get()).data();
}

function canary(note: string, extra: Record<string, unknown> = {}) {
  return {
    type: 'canary' as const,
    dedupeKey: uniqueId(note),
    context: { userId: 'ops-test', operation: 'test.canary' },
    payload: { note, ...extra },
  };
}

describe('task runtime', () => {
  it('ends succeeded after 3 attempts when the processor fails transiently twice', async () => {
    const { taskId } = await testEnqueue()(canary('flaky', { failFirstAttempts: 2 }));

    const task = await waitForTask(taskId, ['succeeded', 'dead']);

    expect(task.status).toBe('succeeded');
    expect(task.attempts).toBe(3);
    expect(task.lastError).toBeNull();
    expect(await deadLetter(taskId)).toBeUndefined();
  });

  it('dead-letters a task that keeps failing past its allowed attempts', async () => {
    const { taskId } = await testEnqueue()(canary('broken', { failFirstAttempts: 99 }));

    const task = await waitForTask(taskId, ['dead']);

    expect(task.attempts).toBe(MAX_ATTEMPTS);
    const letter = await deadLetter(taskId);
    expect(letter).toMatchObject({
      type: 'canary',
      attempts: MAX_ATTEMPTS,
      priority: 'normal',
      error: { code: 'canary_transient' },
      context: { userId: 'ops-test', operation: 'test.canary' },
      payload: { note: 'broken', failFirstAttempts: 99 },
    });
    expect(letter?.error.message).toContain('failed attempt 3');
  });

  it('dead-letters an invalid payload after exactly one attempt', async () => {
    const taskId = uniqueId('invalid');
    await getFunctions()
      .taskQueue('canaryNormal')
      .enqueue(
        {
          taskId,
          type: 'canary',
          priority: 'normal',
          payload: { note: 42, unexpected: true },
          context: { operation: 'test.invalid' },
          enqueuedAt: new Date().toISOString(),
        },
        { id: taskId },
      );

    const task = await waitForTask(taskId, ['dead']);
    await new Promise((resolve) => setTimeout(resolve, 3_000)); // room for a wrongful retry

    const settled = (await testDb().collection('tasks').doc(taskId).get()).data();
    expect(settled?.attempts).toBe(1);
    expect(task.lastError).toMatchObject({ code: 'invalid_input' });
    const letter = await deadLetter(taskId);
    expect(letter?.error.code).toBe('invalid_input');
    expect(letter?.error.message).toMatch(/note/);
    expect(letter?.attempts).toBe(1);
  });

  it('answers 2xx when it dead-letters and 5xx when it wants a retry', async () => {
    const post = (taskId: string, retryCount: number) =>
      fetch(`${FUNCTIONS_URL}/canaryNormal`, {
        method: 'POST',
        headers: {
          'content-type': 'application/json',
          'x-cloudtasks-taskname': taskId,
          'x-cloudtasks-queuename': 'canaryNormal',
          'x-cloudtasks-taskretrycount': String(retryCount),
          'x-cloudtasks-taskexecutioncount': String(retryCount),
        },
        body: JSON.stringify({
          data: {
            taskId,
            type: 'canary',
            priority: 'normal',
            payload: { note: 'direct', failFirstAttempts: 99 },
            context: { operation: 'test.direct' },
            enqueuedAt: new Date().toISOString(),
          },
        }),
      });
    const taskId = uniqueId('direct');

    const first = await post(taskId, 0);
    const last = await post(taskId, MAX_ATTEMPTS - 1);

    expect(first.status).toBeGreaterThanOrEqual(500);
    expect(last.status).toBeGreaterThanOrEqual(200);
    expect(last.status).toBeLessThan(300);
    expect((await deadLetter(taskId))?.attempts).toBe(MAX_ATTEMPTS);
  });
});
