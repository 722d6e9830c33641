/**
 * `tasks/{taskId}` and `deadLetters/{taskId}`: the durable record of every task, independent of
 * Cloud Tasks (which forgets task names about an hour after they finish).
 */
import { FieldValue, Timestamp, type Firestore, type Transaction } from 'firebase-admin/firestore';

import type { ErrorSummary } from '../domain/errors';
import type { TaskEnvelope, TaskStatus } from '../domain/task-types';

/** Task records and processed-event markers expire through a Firestore TTL policy on this field. */
export const RECORD_RETENTION_DAYS = 30;

export const TASKS = 'tasks';
export const DEAD_LETTERS = 'deadLetters';

/**
 * Running totals of dead letters (`total`) and of those replayed (`replayed`), spread over a few
 * shard documents so that a burst of failures does not make one document a hot spot. Readers sum
 * them: the totals cost a handful of reads however many dead letters exist.
 */
export const DEAD_LETTER_COUNTS = 'deadLetterCounts';
export const DEAD_LETTER_COUNT_SHARDS = 10;

export function deadLetterCountRef(db: Firestore) {
  const shard = Math.floor(Math.random() * DEAD_LETTER_COUNT_SHARDS);
  return db.collection(DEAD_LETTER_COUNTS).doc(String(shard));
}

export function expiryFrom(now: Date): Timestamp {
  return Timestamp.fromMillis(now.getTime() + RECORD_RETENTION_DAYS * 86_400_000);
}

/** The fields every task record starts with, whoever writes first (enqueuer or handler). */
function baseRecord(envelope: TaskEnvelope, queue: string, now: Date) {
  return {
    type: envelope.type,
    queue,
    priority: envelope.priority,
    context: { userId: envelope.context.userId ?? null, operation: envelope.context.operation },
    replayOf: envelope.replayOf ?? null,
    createdAt: Timestamp.fromDate(now),
    expireAt: expiryFrom(now),
  };
}

/** Records a freshly enqueued task; an existing record (a duplicate enqueue) is left as it is. */
export async function recordQueued(db: Firestore, envelope: TaskEnvelope, queue: string) {
  const now = new Date();
  try {
    await db
      .collection(TASKS)
      .doc(envelope.taskId)
      .create({
        ...baseRecord(envelope, queue, now),
        status: 'queued' satisfies TaskStatus,
        attempts: 0,
        lastError: null,
        updatedAt: Timestamp.fromDate(now),
      });
    return true;
  } catch (error) {
    if ((error as { code?: unknown }).code === 6) return false;
    throw error;
  }
}

export type ClaimResult = { run: true } | { run: false; status: TaskStatus };

/**
 * Marks an attempt as running, unless the task already finished: a duplicate delivery of a task
 * that succeeded or was dead-lettered is skipped. Runs in a transaction so a finished record is
 * never flipped back to running.
 */
export async function claimAttempt(
  db: Firestore,
  envelope: TaskEnvelope,
  queue: string,
  attempt: number,
  now: Date,
  onClaim?: (tx: Transaction) => void,
): Promise<ClaimResult> {
  const ref = db.collection(TASKS).doc(envelope.taskId);
  return db.runTransaction(async (tx) => {
    const snapshot = await tx.get(ref);
    const status = snapshot.get('status') as TaskStatus | undefined;
    if (status === 'succeeded' || status === 'dead') {
      // Counted so operators can see how often duplicates arrive; nothing else changes.
      tx.update(ref, { duplicateDeliveries: FieldValue.increment(1) });
      return { run: false, status };
    }

    const fresh = snapshot.exists ? {} : baseRecord(envelope, queue, now);
    tx.set(
      ref,
      {
        ...fresh,
        status: 'running' satisfies TaskStatus,
        attempts: attempt,
        startedAt: Timestamp.fromDate(now),
        updatedAt: Timestamp.fromDate(now),
      },
      { merge: true },
    );
    onClaim?.(tx);
    return { run: true };
  });
}

export interface AttemptOutcome {
  status: Extract<TaskStatus, 'succeeded' | 'retrying' | 'dead'>;
  attempt: number;
  durationMs: number;
  error?: ErrorSummary;
}

/** The task record update for an attempt's outcome, to be written in the caller's batch. */
export function outcomeUpdate(outcome: AttemptOutcome, now: Date) {
  const finished = outcome.status !== 'retrying';
  return {
    status: outcome.status,
    attempts: outcome.attempt,
    durationMs: outcome.durationMs,
    lastError: outcome.error ? { code: outcome.error.code, message: outcome.error.message } : null,
    updatedAt: Timestamp.fromDate(now),
    ...(finished ? { finishedAt: Timestamp.fromDate(now) } : {}),
  };
}

/** The dead letter for a task, to be written in the caller's batch. Keeps replay links. */
export function deadLetterRecord(
  envelope: TaskEnvelope,
  queue: string,
  error: ErrorSummary,
  attempts: number,
  now: Date,
) {
  return {
    taskId: envelope.taskId,
    type: envelope.type,
    queue,
    payload: envelope.payload ?? null,
    priority: envelope.priority,
    error: { code: error.code, message: error.message },
    attempts,
    failedAt: Timestamp.fromDate(now),
    context: { userId: envelope.context?.userId ?? null, operation: envelope.context?.operation },
    replayOf: envelope.replayOf ?? null,
  };
}
