/**
 * The figures behind `queueStatus` and the operator CLI: per queue, its backlog, what ran in the
 * last few hours and how well, plus dead-letter totals.
 *
 * Cost is bounded by design: per queue one stats-shard query over the window (at most
 * window hours × shards documents), count() aggregations for running tasks and dead-after-retry
 * letters, and the inspector's depth look-up; then two count()s over dead letters. Nothing reads
 * task records that finished, so the cost never grows with history. `cost.documentsRead` is the
 * billed-read estimate of exactly those reads.
 */
import { Timestamp, type Firestore } from 'firebase-admin/firestore';

import { QUEUES, type QueueDefinition } from '../config/queues';
import { SENTRY_DSN } from '../config/params';
import type { Priority, TaskType } from '../domain/task-types';
import type { QueueInspector } from '../runtime/queue-inspector';
import { QUEUE_STATS } from '../runtime/queue-stats';
import { DEAD_LETTERS, TASKS } from '../runtime/task-records';
import {
  DEFAULT_WINDOW_HOURS,
  addShard,
  ageSeconds,
  countReads,
  emptyTotals,
  meanDurationMs,
  p95DurationMs,
  queryReads,
  retrySuccessRate,
  sentryStatus,
  statsWindow,
  successRate,
  type StatsTotals,
  type StatsWindow,
} from './queue-status-figures';

/** One queue's line of the status. Rates are fractions 0..1, null when nothing finished. */
export interface QueueFigures {
  queue: string;
  type: TaskType;
  priority: Priority;
  depth: number;
  /** ISO time of the oldest waiting task, null on an empty queue. */
  oldestTaskAt: string | null;
  oldestTaskAgeSeconds: number | null;
  running: number;
  succeeded: number;
  /** Attempts that failed transiently and were handed back to Cloud Tasks. */
  retried: number;
  dead: number;
  succeededAfterRetry: number;
  /** Tasks dead-lettered after more than one attempt. */
  deadAfterRetry: number;
  successRate: number | null;
  retrySuccessRate: number | null;
  meanDurationMs: number | null;
  /** Upper bound of the duration bucket holding the 95th percentile. */
  p95DurationMs: number | null;
}

export interface QueueStatus {
  generatedAt: string;
  windowHours: number;
  queues: QueueFigures[];
  deadLetters: { total: number; unreplayed: number };
  monitoring: { sentry: 'enabled' | 'disabled' };
  cost: { documentsRead: number };
}

export interface ReadQueueStatusOptions {
  now?: Date;
  /** Last N UTC hours including the current one, 1..24; default 2. */
  windowHours?: number;
  /** The SENTRY_DSN value; read from the param when omitted. */
  sentryDsn?: string;
  /** Queues read at the same time; each runs four reads at once. */
  concurrency?: number;
}

const DEFAULT_CONCURRENCY = 6;

/** Billed reads so far, added to by every read of one status. */
interface ReadTally {
  total: number;
}

/** Reads the status of every queue. Throws RangeError on a window outside 1..24 hours. */
export async function readQueueStatus(
  db: Firestore,
  inspector: QueueInspector,
  options: ReadQueueStatusOptions = {},
): Promise<QueueStatus> {
  const now = options.now ?? new Date();
  const window = statsWindow(now, options.windowHours ?? DEFAULT_WINDOW_HOURS);
  const reads: ReadTally = { total: 0 };
  const [queues, deadLetters] = await Promise.all([
    mapBounded(QUEUES, options.concurrency ?? DEFAULT_CONCURRENCY, (queue) =>
      readQueue(db, inspector, queue, window, now, reads),
    ),
    readDeadLetterTotals(db, reads),
  ]);
  return {
    generatedAt: now.toISOString(),
    windowHours: window.hours,
    queues,
    deadLetters,
    monitoring: { sentry: sentryStatus(options.sentryDsn ?? readSentryDsn()) },
    cost: { documentsRead: reads.total },
  };
}

/** The param's value without its "secret not granted" warning when the env lacks it (tools). */
function readSentryDsn(): string {
  return process.env[SENTRY_DSN.name] === undefined ? '' : SENTRY_DSN.value();
}

async function readQueue(
  db: Firestore,
  inspector: QueueInspector,
  queue: QueueDefinition,
  window: StatsWindow,
  now: Date,
  reads: ReadTally,
): Promise<QueueFigures> {
  const [totals, running, deadAfterRetry, depth] = await Promise.all([
    readStatsTotals(db, queue.name, window, reads),
    countRunning(db, queue.name, reads),
    countDeadAfterRetry(db, queue.name, window, reads),
    inspector.depth(queue.name),
  ]);
  reads.total += depth.documentsRead ?? 0;
  return {
    queue: queue.name,
    type: queue.type,
    priority: queue.priority,
    depth: depth.depth,
    oldestTaskAt: depth.oldestTaskAt?.toISOString() ?? null,
    oldestTaskAgeSeconds: ageSeconds(depth.oldestTaskAt, now),
    running,
    succeeded: totals.succeeded,
    retried: totals.retried,
    dead: totals.dead,
    succeededAfterRetry: totals.succeededAfterRetry,
    deadAfterRetry,
    successRate: successRate(totals),
    retrySuccessRate: retrySuccessRate(totals.succeededAfterRetry, deadAfterRetry),
    meanDurationMs: meanDurationMs(totals),
    p95DurationMs: p95DurationMs(totals),
  };
}

/** Sums the queue's stats shards of the window; served by the (queue, hour) index. */
async function readStatsTotals(
  db: Firestore,
  queue: string,
  window: StatsWindow,
  reads: ReadTally,
): Promise<StatsTotals> {
  const shards = await db
    .collection(QUEUE_STATS)
    .where('queue', '==', queue)
    .where('hour', '>=', window.hourKeys[0])
    .where('hour', '<=', window.hourKeys[window.hourKeys.length - 1])
    .get();
  reads.total += queryReads(shards.size);
  return shards.docs.reduce((totals, shard) => addShard(totals, shard.data()), emptyTotals());
}

async function countRunning(db: Firestore, queue: string, reads: ReadTally) {
  const snapshot = await db
    .collection(TASKS)
    .where('queue', '==', queue)
    .where('status', '==', 'running')
    .count()
    .get();
  const count = snapshot.data().count;
  reads.total += countReads(count);
  return count;
}

/**
 * Dead letters of the queue written in the window after more than one attempt: the "dead"
 * counterpart of `succeededAfterRetry`, which the stats shards do not keep. A dead letter is
 * written in the same batch as the shard increment and `failedAt` is that batch's time, so both
 * fall in the same window hour.
 */
async function countDeadAfterRetry(
  db: Firestore,
  queue: string,
  window: StatsWindow,
  reads: ReadTally,
) {
  const snapshot = await db
    .collection(DEAD_LETTERS)
    .where('queue', '==', queue)
    .where('attempts', '>', 1)
    .where('failedAt', '>=', Timestamp.fromDate(window.start))
    .where('failedAt', '<', Timestamp.fromDate(window.end))
    // Window first: the (queue, failedAt, attempts) index then scans only the window's letters.
    .orderBy('failedAt')
    .count()
    .get();
  const count = snapshot.data().count;
  reads.total += countReads(count);
  return count;
}

/**
 * All-time dead-letter totals. Dead letters have no TTL, so these two count()s are the one cost
 * that follows history: one read per 1,000 letters.
 */
async function readDeadLetterTotals(db: Firestore, reads: ReadTally) {
  const letters = db.collection(DEAD_LETTERS);
  const [all, replayed] = await Promise.all([
    letters.count().get(),
    letters.where('replayedAt', '!=', null).count().get(),
  ]);
  const total = all.data().count;
  const replayedCount = replayed.data().count;
  reads.total += countReads(total) + countReads(replayedCount);
  return { total, unreplayed: total - replayedCount };
}

/** Maps with at most `limit` calls in flight; results keep the input order. */
async function mapBounded<T, R>(
  items: readonly T[],
  limit: number,
  work: (item: T) => Promise<R>,
): Promise<R[]> {
  const results = new Array<R>(items.length);
  let next = 0;
  const worker = async () => {
    while (next < items.length) {
      const index = next;
      next += 1;
      results[index] = await work(items[index]);
    }
  };
  await Promise.all(Array.from({ length: Math.max(1, Math.min(limit, items.length)) }, worker));
  return results;
}
