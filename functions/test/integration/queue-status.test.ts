/**
 * `readQueueStatus` against the Firestore emulator, in a project id of its own so other tests'
 * tasks do not show up: exact figures from a known history, and a read cost that does not follow
 * the amount of finished history.
 */
import type { Firestore } from 'firebase-admin/firestore';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import { QUEUES } from '../../src/config/queues';
import type { TaskStatus } from '../../src/domain/task-types';
import { readQueueStatus, type QueueStatus } from '../../src/processors/read-queue-status';
import { createRecordsInspector } from '../../src/runtime/queue-inspector';
import {
  clearProject,
  deadLetter,
  deadLetterCounter,
  isolatedProject,
  statsShard,
  taskRecord,
  writeDocs,
  type SeedDoc,
} from '../support/queue-status-seed';

/** Window of 2 hours: 2026030109 and 2026030110 (UTC). */
const NOW = new Date('2026-03-01T10:30:00Z');
const at = (time: string) => new Date(`2026-03-01T${time}Z`);

const RELEASE = 'escrowReleaseHigh';
const CANARY = 'canaryNormal';
const NOTIFY = 'notificationLow';

function releaseTask(id: string, status: TaskStatus, time: string, attempts?: number) {
  return taskRecord({ id, queue: RELEASE, status, createdAt: at(time), attempts });
}

function knownHistory(): SeedDoc[] {
  return [
    // In the window: two hours, two shards of the release queue.
    // 8 attempts began and ended in the first hour; 7 began in the second, 5 ended: 2 running.
    statsShard(RELEASE, '2026030109', 0, {
      ...{ started: 8, succeeded: 5, succeededAfterRetry: 1, retried: 2, dead: 1 },
      deadAfterRetry: 1,
      ...{ durationCount: 6, durationSumMs: 1_200, buckets: { 2: 3, 4: 2, 6: 1 } },
    }),
    statsShard(RELEASE, '2026030110', 3, {
      ...{ started: 7, succeeded: 3, succeededAfterRetry: 1, retried: 1, dead: 1 },
      ...{ durationCount: 4, durationSumMs: 400, buckets: { 2: 4 } },
    }),
    // Outside the window: the hour before and the hour after.
    statsShard(RELEASE, '2026030108', 0, { succeeded: 100, dead: 50, durationCount: 150 }),
    statsShard(RELEASE, '2026030111', 1, { succeeded: 100, durationCount: 100 }),
    // Two shards of one hour of another queue.
    statsShard(NOTIFY, '2026030110', 7, {
      ...{ succeeded: 3, durationCount: 3, durationSumMs: 90 },
      buckets: { 0: 2, 1: 1 },
    }),
    statsShard(NOTIFY, '2026030110', 42, { succeeded: 1, durationCount: 1, durationSumMs: 30 }),
    // Backlog and running work of the release queue; finished records must not count.
    releaseTask('r-q1', 'queued', '10:00:00'),
    releaseTask('r-q2', 'queued', '10:20:00'),
    releaseTask('r-retry', 'retrying', '09:40:00', 2),
    releaseTask('r-run1', 'running', '10:25:00', 1),
    releaseTask('r-run2', 'running', '10:26:00', 3),
    releaseTask('r-done', 'succeeded', '08:00:00'),
    releaseTask('r-dead', 'dead', '07:00:00', 5),
    taskRecord({ id: 'c-q1', queue: CANARY, status: 'queued', createdAt: at('10:30:00') }),
    taskRecord({
      id: 'c-old',
      queue: CANARY,
      status: 'queued',
      createdAt: new Date('2026-02-28T10:30:00Z'),
    }),
    // Dead letters: after retries in the window, permanent on attempt 1 (replayed), before the
    // window, and another queue's.
    // Their counters, as the runtime and the replays keep them: 4 dead, 2 replayed.
    deadLetterCounter(0, 3, 1),
    deadLetterCounter(7, 1, 1),
    deadLetter({ id: 'd-retried', queue: RELEASE, attempts: 3, failedAt: at('09:15:00') }),
    deadLetter({
      ...{ id: 'd-permanent', queue: RELEASE, attempts: 1, failedAt: at('10:05:00') },
      replayTaskId: 'replay-1',
    }),
    deadLetter({ id: 'd-before', queue: RELEASE, attempts: 5, failedAt: at('08:59:59') }),
    deadLetter({
      ...{ id: 'd-notify', queue: 'notificationNormal', attempts: 2, failedAt: at('09:30:00') },
      replayTaskId: 'replay-2',
    }),
  ];
}

function figures(status: QueueStatus, queue: string) {
  const line = status.queues.find((entry) => entry.queue === queue);
  if (!line) throw new Error(`no line for ${queue}`);
  return line;
}

describe('readQueueStatus', () => {
  let db: Firestore;
  let projectId: string;
  let status: QueueStatus;

  beforeAll(async () => {
    ({ db, projectId } = isolatedProject('queue-status'));
    await writeDocs(db, knownHistory());
    status = await readQueueStatus(db, createRecordsInspector(db), { now: NOW, sentryDsn: '' });
  });

  afterAll(async () => {
    await clearProject(projectId);
  });

  it('covers every queue in configuration order, with the window and monitoring state', () => {
    expect(status.queues.map((line) => line.queue)).toEqual(QUEUES.map((queue) => queue.name));
    expect(status).toMatchObject({
      generatedAt: '2026-03-01T10:30:00.000Z',
      windowHours: 2,
      monitoring: { sentry: 'disabled' },
    });
  });

  it('reports the release queue from its shards and task records in the window', () => {
    expect(figures(status, RELEASE)).toEqual({
      queue: RELEASE,
      type: 'escrow_release',
      priority: 'high',
      depth: 3,
      oldestTaskAt: '2026-03-01T09:40:00.000Z',
      oldestTaskAgeSeconds: 50 * 60,
      running: 2,
      succeeded: 8,
      retried: 3,
      dead: 2,
      succeededAfterRetry: 2,
      deadAfterRetry: 1,
      successRate: 0.8,
      retrySuccessRate: 2 / 3,
      meanDurationMs: 160,
      p95DurationMs: 2_500,
    });
  });

  it('sums the shards of one hour and leaves rates without outcomes empty', () => {
    expect(figures(status, NOTIFY)).toMatchObject({
      succeeded: 4,
      dead: 0,
      successRate: 1,
      retrySuccessRate: null,
      meanDurationMs: 30,
      p95DurationMs: 50,
      depth: 0,
      oldestTaskAt: null,
      oldestTaskAgeSeconds: null,
    });
    expect(figures(status, CANARY)).toMatchObject({
      depth: 2,
      oldestTaskAgeSeconds: 86_400,
      succeeded: 0,
      successRate: null,
      meanDurationMs: null,
      p95DurationMs: null,
    });
  });

  it('counts dead letters of all time, and those not yet replayed', () => {
    expect(status.deadLetters).toEqual({ total: 4, unreplayed: 2 });
  });

  it('bills one read per aggregation, per shard read, and per empty query', () => {
    // One query per window hour (hour 09: one shard; hour 10: three), per queue a depth count
    // and an oldest-task query, then the two dead-letter counter shards.
    expect(status.cost.documentsRead).toBe(1 + 3 + QUEUES.length * 2 + 2);
  });

  it('reports Sentry enabled when the DSN is a URL', async () => {
    const withSentry = await readQueueStatus(db, createRecordsInspector(db), {
      now: NOW,
      sentryDsn: 'https://key@o1.ingest.sentry.io/1',
    });
    expect(withSentry.monitoring.sentry).toBe('enabled');
  });
});

/** Finished records and old shards, none of them in the window of NOW. */
function finishedHistory(from: number, count: number): SeedDoc[] {
  return Array.from({ length: count }, (_, offset) => {
    const index = from + offset;
    const queue = QUEUES[index % QUEUES.length].name;
    const createdAt = new Date(NOW.getTime() - (3 + (index % 500)) * 3_600_000);
    const record = taskRecord({
      id: `old-${index}`,
      queue,
      status: index % 10 === 0 ? 'dead' : 'succeeded',
      createdAt,
    });
    const hour = createdAt.toISOString().slice(0, 13).replace(/[-T]/g, '');
    return index % 5 === 0
      ? [record, statsShard(queue, hour, index % 4, { succeeded: 1 })]
      : [record];
  }).flat();
}

describe('readQueueStatus cost', () => {
  it('reads the same number of documents with 1,000 or 5,000 finished records', async () => {
    const { db, projectId } = isolatedProject('queue-status-cost');
    try {
      await writeDocs(db, knownHistory());
      await writeDocs(db, finishedHistory(0, 1_000));
      const small = await readQueueStatus(db, createRecordsInspector(db), { now: NOW });
      await writeDocs(db, finishedHistory(1_000, 4_000));
      const large = await readQueueStatus(db, createRecordsInspector(db), { now: NOW });

      expect(large.cost.documentsRead).toBe(small.cost.documentsRead);
      expect(large.queues).toEqual(small.queues);
    } finally {
      await clearProject(projectId);
    }
  });
});
