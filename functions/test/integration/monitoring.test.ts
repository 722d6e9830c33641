/**
 * Monitoring in the deployed functions: the Functions emulator runs with SENTRY_DSN pointing at
 * the local Sentry stand-in (functions/.secret.local written by the test harness). A task that
 * throws is reported once per failed attempt, tagged, and still retried by Cloud Tasks; a task
 * that succeeds sends a transaction with child spans.
 */
import { describe, expect, it } from 'vitest';

import { getSentryItems } from '../../tools/stand-ins/admin-client';
import { uniqueId, waitFor, waitForTask } from '../support/emulator';
import { SENTRY_URL } from '../support/services';
import { testEnqueue } from '../support/tasks';

interface SentryPayload {
  tags?: Record<string, string>;
  user?: { id?: string };
  spans?: { description?: string; op?: string }[];
  exception?: { values?: { value?: string }[] };
}

async function payloadsFor(type: string, userId: string): Promise<SentryPayload[]> {
  const items = await getSentryItems(SENTRY_URL, type);
  return items
    .map((item) => item.payload as SentryPayload)
    .filter((payload) => payload.user?.id === userId);
}

describe('monitoring in the emulator', () => {
  it('reports a throwing task with its tags and the emulator still retries it', async () => {
    const userId = uniqueId('sentry-user');
    const { taskId } = await testEnqueue()({
      type: 'canary',
      dedupeKey: uniqueId('sentry'),
      context: { userId, operation: 'test.sentry' },
      payload: { note: 'report me', failFirstAttempts: 1 },
    });

    const task = await waitForTask(taskId, ['succeeded', 'dead']);
    const events = await waitFor(
      async () => {
        const found = await payloadsFor('event', userId);
        return found.length > 0 ? found : undefined;
      },
      { what: 'the Sentry event' },
    );

    expect(task).toMatchObject({ status: 'succeeded', attempts: 2 });
    expect(events).toHaveLength(1);
    expect(events[0]?.tags).toMatchObject({
      function: 'canaryNormal',
      trigger: 'task',
      taskType: 'canary',
      attempt: '1',
    });
    expect(events[0]?.exception?.values?.[0]?.value).toContain('failed attempt 1 on purpose');
  });

  it('sends a transaction with child spans for a task that succeeds', async () => {
    const userId = uniqueId('sentry-user');
    const { taskId } = await testEnqueue()({
      type: 'canary',
      dedupeKey: uniqueId('sentry-ok'),
      context: { userId, operation: 'test.sentry' },
      payload: { note: 'trace me' },
    });

    await waitForTask(taskId, ['succeeded']);
    const transactions = await waitFor(
      async () => {
        const found = await payloadsFor('transaction', userId);
        return found.length > 0 ? found : undefined;
      },
      { what: 'the Sentry transaction' },
    );

    const spans = transactions[0]?.spans?.map((span) => span.description) ?? [];
    expect(transactions[0]?.tags?.function).toBe('canaryNormal');
    expect(spans).toEqual(expect.arrayContaining(['firestore claimAttempt']));
    expect(spans.length).toBeGreaterThanOrEqual(2);
    expect(await payloadsFor('event', userId)).toHaveLength(0);
  });
});
