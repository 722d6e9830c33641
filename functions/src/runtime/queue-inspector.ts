/**
 * Queue depth and the age of the oldest waiting task, for `queueStatus`.
 *
 * Production asks Cloud Tasks itself: it knows every task on the queue, whoever enqueued it.
 * The `@google-cloud/tasks` client cannot talk to the Cloud Tasks emulator, so in the emulator
 * (and in tools pointed at it) the figures come from our task records instead. Record-based
 * depth counts only the tasks *we* enqueued through `createEnqueue` and still see as queued or
 * retrying; a task added to the queue by other means, or whose record expired, is invisible to
 * it, and a record may lag Cloud Tasks by one write. That is fine against an emulator we fill
 * ourselves and is the reason it is used only there.
 */
import type { Firestore } from 'firebase-admin/firestore';

import type { TaskStatus } from '../domain/task-types';
import { countReads, queryReads } from '../processors/queue-status-figures';
import { TASKS } from './task-records';

/**
 * Task queues live in the region of their functions; the project deploys to the default region,
 * which is also the location firebase-admin's task queue API assumes.
 */
export const DEFAULT_QUEUE_LOCATION = 'us-central1';

export interface QueueDepth {
  /** Tasks waiting on the queue (Cloud Tasks also counts the ones being dispatched). */
  depth: number;
  /** When the oldest waiting task was created or became due; null on an empty queue. */
  oldestTaskAt: Date | null;
  /** Firestore document reads this look-up was billed; 0 or absent for the Cloud Tasks API. */
  documentsRead?: number;
}

/** Where depth figures come from: Cloud Tasks in production, task records in the emulator. */
export interface QueueInspector {
  depth(queue: string): Promise<QueueDepth>;
}

/** Statuses of a task that is on its queue, waiting for a first or a further attempt. */
const WAITING: TaskStatus[] = ['queued', 'retrying'];

/**
 * Depth from `tasks/{id}` records: a count() aggregation and the oldest waiting record, both
 * served by the (queue, status, createdAt) index, so cost follows the backlog, not history.
 */
export function createRecordsInspector(db: Firestore): QueueInspector {
  return {
    async depth(queue) {
      const waiting = db
        .collection(TASKS)
        .where('queue', '==', queue)
        .where('status', 'in', WAITING);
      const [count, oldest] = await Promise.all([
        waiting.count().get(),
        waiting.orderBy('createdAt').limit(1).select('createdAt').get(),
      ]);
      const depth = count.data().count;
      const createdAt = oldest.docs[0]?.get('createdAt') as { toDate(): Date } | undefined;
      return {
        depth,
        oldestTaskAt: createdAt?.toDate() ?? null,
        documentsRead: countReads(depth) + queryReads(oldest.size),
      };
    },
  };
}

interface ProtoTimestamp {
  seconds?: number | string | { toString(): string } | null;
  nanos?: number | null;
}

function toDate(timestamp: ProtoTimestamp | null | undefined): Date | null {
  if (!timestamp?.seconds) return null;
  return new Date(Number(String(timestamp.seconds)) * 1000 + (timestamp.nanos ?? 0) / 1e6);
}

/**
 * Depth from the Cloud Tasks API (`queues.get` with `readMask: stats`; the stats are only in the
 * v2beta3 API and only when asked for). The client is loaded on first use: it is heavy and only
 * this endpoint needs it.
 */
export function createCloudTasksInspector(project: string, location: string): QueueInspector {
  let client: Promise<import('@google-cloud/tasks').v2beta3.CloudTasksClient> | undefined;
  const getClient = () =>
    (client ??= import('@google-cloud/tasks').then(
      ({ v2beta3 }) => new v2beta3.CloudTasksClient(),
    ));
  return {
    async depth(queue) {
      const tasks = await getClient();
      const [info] = await tasks.getQueue({
        name: tasks.queuePath(project, location, queue),
        readMask: { paths: ['stats'] },
      });
      return {
        depth: Number(String(info.stats?.tasksCount ?? 0)),
        oldestTaskAt: toDate(info.stats?.oldestEstimatedArrivalTime),
        documentsRead: 0,
      };
    },
  };
}
