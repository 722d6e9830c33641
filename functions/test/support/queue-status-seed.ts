/**
 * Builders for the documents `readQueueStatus` reads (task records, stats shards, dead letters)
 * shaped like the task runtime writes them, and a batched writer. Shared by the queue-status
 * integration test and its benchmark.
 */
import { randomUUID } from 'node:crypto';

import { initializeApp } from 'firebase-admin/app';
import { Timestamp, getFirestore, type Firestore } from 'firebase-admin/firestore';

import { getQueue } from '../../src/config/queues';
import {
  expiryFrom,
  DEAD_LETTERS,
  TASKS,
  DEAD_LETTER_COUNTS,
} from '../../src/runtime/task-records';
import { QUEUE_STATS, QUEUE_STAT_SHARDS } from '../../src/runtime/queue-stats';
import type { TaskStatus } from '../../src/domain/task-types';

export interface SeedDoc {
  path: string;
  data: Record<string, unknown>;
}

/** A Firestore of its own in the emulator (data is kept apart per project id). */
export function isolatedProject(label: string): { db: Firestore; projectId: string } {
  if (!process.env.FIRESTORE_EMULATOR_HOST) throw new Error('FIRESTORE_EMULATOR_HOST is not set');
  const projectId = `demo-${label}-${randomUUID().slice(0, 8)}`;
  const db = getFirestore(initializeApp({ projectId }, projectId));
  db.settings({ ignoreUndefinedProperties: true });
  return { db, projectId };
}

/** Drops every document of the project through the emulator's REST API. */
export async function clearProject(projectId: string): Promise<void> {
  const url = `http://${process.env.FIRESTORE_EMULATOR_HOST}/emulator/v1/projects/${projectId}/databases/(default)/documents`;
  const response = await fetch(url, { method: 'DELETE' });
  if (!response.ok) throw new Error(`clearing ${projectId} failed: ${response.status}`);
}

/** Writes documents in batches of 500 (Firestore's limit), `parallel` batches at a time. */
export async function writeDocs(db: Firestore, docs: SeedDoc[], parallel = 8): Promise<void> {
  const chunks: SeedDoc[][] = [];
  for (let start = 0; start < docs.length; start += 500)
    chunks.push(docs.slice(start, start + 500));
  let next = 0;
  const worker = async () => {
    while (next < chunks.length) {
      const chunk = chunks[next];
      next += 1;
      const batch = db.batch();
      for (const doc of chunk) batch.set(db.doc(doc.path), doc.data);
      await batch.commit();
    }
  };
  await Promise.all(Array.from({ length: parallel }, worker));
}

export interface TaskSeed {
  id: string;
  queue: string;
  status: TaskStatus;
  createdAt: Date;
  attempts?: number;
  durationMs?: number;
}

export function taskRecord(seed: TaskSeed): SeedDoc {
  const { type, priority } = getQueue(seed.queue);
  const finished = seed.status === 'succeeded' || seed.status === 'dead';
  const createdAt = Timestamp.fromDate(seed.createdAt);
  const finishedAt = Timestamp.fromMillis(seed.createdAt.getTime() + (seed.durationMs ?? 100));
  return {
    path: `${TASKS}/${seed.id}`,
    data: {
      type,
      queue: seed.queue,
      priority,
      status: seed.status,
      attempts: seed.attempts ?? (seed.status === 'queued' ? 0 : 1),
      lastError: seed.status === 'dead' ? { code: 'seeded', message: 'seeded failure' } : null,
      context: { userId: null, operation: 'test.seed' },
      replayOf: null,
      createdAt,
      updatedAt: finished ? finishedAt : createdAt,
      expireAt: expiryFrom(seed.createdAt),
      ...(finished ? { finishedAt, durationMs: seed.durationMs ?? 100 } : {}),
    },
  };
}

export interface ShardCounts {
  started?: number;
  succeeded?: number;
  retried?: number;
  dead?: number;
  succeededAfterRetry?: number;
  deadAfterRetry?: number;
  durationCount?: number;
  durationSumMs?: number;
  /** Bucket index → count, stored as `durationBuckets.b<i>`. */
  buckets?: Record<number, number>;
}

export function statsShard(queue: string, hour: string, shard: number, counts: ShardCounts) {
  const { buckets = {}, ...counters } = counts;
  const durationBuckets = Object.fromEntries(
    Object.entries(buckets).map(([index, count]) => [`b${index}`, count]),
  );
  return {
    path: `${QUEUE_STATS}/${hour}/${QUEUE_STAT_SHARDS}/${queue}_${shard}`,
    data: { queue, hour, ...counters, durationBuckets },
  };
}

export interface DeadLetterSeed {
  id: string;
  queue: string;
  attempts: number;
  failedAt: Date;
  replayTaskId?: string;
}

export function deadLetter(seed: DeadLetterSeed): SeedDoc {
  const { type, priority } = getQueue(seed.queue);
  const replay = seed.replayTaskId
    ? {
        replayedAt: Timestamp.fromMillis(seed.failedAt.getTime() + 60_000),
        replayTaskId: seed.replayTaskId,
        replayedBy: 'ops-test',
      }
    : {};
  return {
    path: `${DEAD_LETTERS}/${seed.id}`,
    data: {
      taskId: seed.id,
      type,
      queue: seed.queue,
      payload: { note: 'seeded' },
      priority,
      error: { code: 'seeded', message: 'seeded failure' },
      attempts: seed.attempts,
      failedAt: Timestamp.fromDate(seed.failedAt),
      context: { userId: null, operation: 'test.seed' },
      replayOf: null,
      ...replay,
    },
  };
}

/** A dead-letter counter shard, as the runtime and replays keep them. */
export function deadLetterCounter(shard: number, total: number, replayed: number): SeedDoc {
  return { path: `${DEAD_LETTER_COUNTS}/${shard}`, data: { total, replayed } };
}
