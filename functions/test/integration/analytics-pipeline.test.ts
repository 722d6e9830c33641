/**
 * A bounty becoming active flows trigger → Cloud Tasks → handler → one analytics increment, and
 * stays counted once under duplicate trigger deliveries and duplicate task runs.
 */
import { Timestamp } from 'firebase-admin/firestore';
import { describe, expect, it } from 'vitest';

import { sumCounters } from '../../src/domain/analytics';
import { utcDayKey } from '../../src/domain/clock';
import { deriveDocId, deriveTaskId } from '../../src/domain/ids';
import { handleBountyWrite } from '../../src/processors/handle-bounty-write';
import { recordAnalyticsEvent } from '../../src/processors/record-analytics-event';
import type { Services } from '../../src/processors/types';
import { buildBounty } from '../support/builders';
import { testDb, uniqueId, waitFor, waitForTask } from '../support/emulator';
import { testServices } from '../support/services';
import { testEnqueue } from '../support/tasks';

/** Counts the analytics events recorded for one bounty: the per-bounty view of the counters. */
async function fundedEventsFor(bountyId: string): Promise<number> {
  const events = await testDb()
    .collection('analyticsEvents')
    .where('bountyId', '==', bountyId)
    .where('event', '==', 'bounty_funded')
    .get();
  return events.size;
}

async function dailyTotals(day: string) {
  const shards = await testDb().collection('analyticsDaily').doc(day).collection('shards').get();
  return sumCounters(shards.docs.map((doc) => doc.data()));
}

function services(): Services {
  return testServices();
}

describe('analytics pipeline', () => {
  it('counts a bounty that becomes active exactly once in the daily counters', async () => {
    const db = testDb();
    const bountyId = uniqueId('bounty');
    const day = utcDayKey(new Date());
    const before = await dailyTotals(day);
    const ref = db.collection('bounties').doc(bountyId);

    await ref.set(buildBounty({ status: 'funding', rewardCents: 1_234 }));
    await ref.update({ status: 'active', updatedAt: Timestamp.now() });

    const taskId = deriveTaskId('analytics', `bounty:${bountyId}:bounty_funded:analytics`);
    const task = await waitForTask(taskId, ['succeeded', 'dead']);
    expect(task.status).toBe('succeeded');
    expect(task.queue).toBe('analyticsLow');
    expect(await fundedEventsFor(bountyId)).toBe(1);
    const after = await dailyTotals(day);
    expect((after.bountiesFunded ?? 0) - (before.bountiesFunded ?? 0)).toBeGreaterThanOrEqual(1);
    expect((after.fundedCents ?? 0) - (before.fundedCents ?? 0)).toBeGreaterThanOrEqual(1_234);
  });

  it('enqueues one task when the same trigger event is delivered twice', async () => {
    const bountyId = uniqueId('bounty');
    const write = {
      eventId: uniqueId('event'),
      path: `bounties/${bountyId}`,
      docId: bountyId,
      before: { ...buildBounty({ status: 'funding' }) },
      after: { ...buildBounty({ status: 'active', rewardCents: 777 }) },
      occurredAt: new Date(),
    };

    await handleBountyWrite(write, services());
    await handleBountyWrite(write, services());

    const taskId = deriveTaskId('analytics', `bounty:${bountyId}:bounty_funded:analytics`);
    const task = await waitForTask(taskId, ['succeeded', 'dead']);
    expect(task.status).toBe('succeeded');
    expect(task.attempts).toBe(1);
    expect(await fundedEventsFor(bountyId)).toBe(1);
  });

  it('counts an event once when its task runs twice', async () => {
    const bountyId = uniqueId('bounty');
    // A day of its own, so the counters hold this test's increments only.
    const occurredAt = new Date(
      Date.UTC(1990, 0, 1) + Math.floor(Math.random() * 10_000) * 86_400_000,
    );
    const payload = {
      eventId: deriveDocId('bounty_funded', bountyId),
      event: 'bounty_funded' as const,
      occurredAt: occurredAt.toISOString(),
      bountyId,
      amountCents: 500,
    };
    const run = {
      taskId: uniqueId('task'),
      attempt: 1,
      maxAttempts: 3,
      isLastAttempt: false,
      context: { operation: 'test' },
    };

    await Promise.all([
      recordAnalyticsEvent(payload, run, services()),
      recordAnalyticsEvent(payload, { ...run, attempt: 2 }, services()),
    ]);
    await recordAnalyticsEvent(payload, { ...run, attempt: 3 }, services());

    expect(await fundedEventsFor(bountyId)).toBe(1);
    expect(await dailyTotals(utcDayKey(occurredAt))).toEqual({
      bountiesFunded: 1,
      fundedCents: 500,
    });
  });

  it('skips a redelivered task whose record already succeeded', async () => {
    const bountyId = uniqueId('bounty');
    const request = {
      type: 'analytics' as const,
      dedupeKey: `redeliver:${bountyId}`,
      context: { operation: 'test' },
      payload: {
        eventId: deriveDocId('bounty_funded', bountyId),
        event: 'bounty_funded' as const,
        occurredAt: new Date().toISOString(),
        bountyId,
        amountCents: 1,
      },
    };
    const first = await testEnqueue()(request);
    await waitForTask(first.taskId, ['succeeded']);

    // Cloud Tasks forgets names about an hour after a task ends, so the same work can be
    // dispatched again under a new name; the handler must recognise the finished record.
    const { getFunctions } = await import('firebase-admin/functions');
    await getFunctions().taskQueue(first.queue).enqueue({
      taskId: first.taskId,
      type: 'analytics',
      priority: 'low',
      payload: request.payload,
      context: request.context,
      enqueuedAt: new Date().toISOString(),
    });
    await waitFor(
      async () => {
        const record = await testDb().collection('tasks').doc(first.taskId).get();
        return record.get('duplicateDeliveries') === 1 ? true : undefined;
      },
      { what: 'the duplicate delivery to be skipped' },
    );
    const after = await testDb().collection('tasks').doc(first.taskId).get();
    expect(after.get('status')).toBe('succeeded');
    expect(after.get('attempts')).toBe(1);
    expect(await fundedEventsFor(bountyId)).toBe(1);
  });
});
