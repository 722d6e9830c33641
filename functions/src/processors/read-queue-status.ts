/**
 * The figures behind `queueStatus` and the operator CLI: per queue, its backlog, what ran in the
 * last few hours and how well, plus dead-letter totals.
 *
 * Cost is bounded by design: one stats-shard query per hour of the window (each reading that
 * hour's shards only; running attempts and dead-after-retry come from the same counters), the
 * inspector's depth look-up per queue, and the dead-letter counter shards. Nothing
 * reads task records, so the cost never grows with task history. `cost.documentsRead` is the
 * billed-read estimate of exactly those reads.
 */
import type { Firestore } from 'firebase-admin/firestore';

import { QUEUES, type QueueDefinition } from '../config/queues';
import { SENTRY_DSN } from '../config/params';
import type { Priority, TaskType } from '../domain/task-types';
import type { QueueInspector } from '../runtime/queue-inspector';
import { statsHourCollection } from '../runtime/queue-stats';
import { DEAD_LETTER_COUNTS } from '../runtime/task-records';
import {
  runningAttempts,
  DEFAULT_WINDOW_HOURS,
  addShard,
  ageSeconds,
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
  const [totalsByQueue, deadLetters] = await Promise.all([
    readWindowTotals(db, window, reads),
    readDeadLetterTotals(db, reads),
  ]);
  const queues = await mapBounded(QUEUES, options.concurrency ?? DEFAULT_CONCURRENCY, (queue) =>
    readQueue(inspector, queue, totalsByQueue.get(queue.name) ?? emptyTotals(), now, reads),
  );
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
  inspector: QueueInspector,
  queue: QueueDefinition,
  totals: StatsTotals,
  now: Date,
  reads: ReadTally,
): Promise<QueueFigures> {
  const depth = await inspector.depth(queue.name);
  const deadAfterRetry = totals.deadAfterRetry;
  reads.total += depth.documentsRead ?? 0;
  return {
    queue: queue.name,
    type: queue.type,
    priority: queue.priority,
    depth: depth.depth,
    oldestTaskAt: depth.oldestTaskAt?.toISOString() ?? null,
    oldestTaskAgeSeconds: ageSeconds(depth.oldestTaskAt, now),
    running: runningAttempts(totals),
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

/**
 * Sums every queue's stats shards of the window: one query per hour, each reading only that
 * hour's shard documents (see runtime/queue-stats.ts).
 */
async function readWindowTotals(
  db: Firestore,
  window: StatsWindow,
  reads: ReadTally,
): Promise<Map<string, StatsTotals>> {
  const hours = await Promise.all(
    window.hourKeys.map((hourKey) => statsHourCollection(db, hourKey).get()),
  );
  const totals = new Map<string, StatsTotals>();
  for (const hour of hours) {
    reads.total += queryReads(hour.size);
    for (const shard of hour.docs) {
      const queue = String(shard.get('queue'));
      totals.set(queue, addShard(totals.get(queue) ?? emptyTotals(), shard.data()));
    }
  }
  return totals;
}

/** Dead-letter totals from their counter shards (see runtime/task-records.ts). */
async function readDeadLetterTotals(db: Firestore, reads: ReadTally) {
  const shards = await db.collection(DEAD_LETTER_COUNTS).get();
  reads.total += queryReads(shards.size);
  let total = 0;
  let replayed = 0;
  for (const shard of shards.docs) {
    total += Number(shard.get('total') ?? 0);
    replayed += Number(shard.get('replayed') ?? 0);
  }
  return { total, unreplayed: Math.max(0, total - replayed) };
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
