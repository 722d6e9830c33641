/**
 * Per-queue outcome counters for `queueStatus`, written beside every task outcome.
 *
 * Many task instances finish at once, and Firestore sustains about one write per second per
 * document (https://firebase.google.com/docs/firestore/best-practices, "hotspots"),
 * so each queue's counters for one UTC hour are spread over shard documents, one picked at
 * random per write. A queue gets as many shards as its lane may dispatch per second, so at full
 * dispatch rate each shard still sees about one write per second. Readers sum the shards of the
 * hours they need: the cost of a read depends on the window, never on how much history exists.
 */
import { FieldValue, type DocumentReference, type Firestore } from 'firebase-admin/firestore';

import { utcHourKey } from '../domain/clock';
import { durationBucket } from '../domain/duration-histogram';
import { expiryFrom } from './task-records';
import type { AttemptOutcome } from './task-records';

export const QUEUE_STATS = 'queueStats';
export const QUEUE_STAT_SHARDS = 'queueStatShards';

/**
 * The collection of one UTC hour's shards of every queue: `queueStats/{hour}/queueStatShards`.
 * Grouping by hour lets a reader fetch a window with one query per hour, and keeps each query's
 * cost (and the emulator's, which scans whole collections) to that hour's documents.
 */
export function statsHourCollection(db: Firestore, hourKey: string) {
  return db.collection(QUEUE_STATS).doc(hourKey).collection(QUEUE_STAT_SHARDS);
}

/**
 * A random one of the queue's statistics shards for the UTC hour of `now`. A lane gets as many
 * shards as it may dispatch per second, so at full rate each sees about one write per second.
 */
export function randomStatsShardRef(
  db: Firestore,
  queue: { name: string; defaults: { dispatchesPerSecond: number } },
  now: Date,
): DocumentReference {
  const shard = Math.floor(Math.random() * Math.max(1, queue.defaults.dispatchesPerSecond));
  return statsHourCollection(db, utcHourKey(now)).doc(`${queue.name}_${shard}`);
}

/** Counter increments for one attempt outcome; merge them into the shard in the caller's batch. */
export function statsIncrements(outcome: AttemptOutcome, queue: string, now: Date) {
  const one = FieldValue.increment(1);
  const counts: Record<string, unknown> = {
    [outcome.status === 'retrying' ? 'retried' : outcome.status]: one,
  };
  if (outcome.status === 'succeeded' && outcome.attempt > 1) counts.succeededAfterRetry = one;
  if (outcome.status === 'dead' && outcome.attempt > 1) counts.deadAfterRetry = one;
  if (outcome.status !== 'retrying') {
    counts.durationCount = one;
    counts.durationSumMs = FieldValue.increment(outcome.durationMs);
    // A nested object, not a dotted key: set() with merge treats dots as part of the name.
    counts.durationBuckets = { [`b${durationBucket(outcome.durationMs)}`]: one };
  }
  return { queue, hour: utcHourKey(now), expireAt: expiryFrom(now), ...counts };
}

/** Counter increment for an attempt that began; "running" is started minus ended. */
export function startedIncrement(queue: string, now: Date) {
  return {
    queue,
    hour: utcHourKey(now),
    expireAt: expiryFrom(now),
    started: FieldValue.increment(1),
  };
}
