/**
 * Operator replay of dead letters: re-enqueues the dead task's payload under a fresh task id and
 * links both records (`replayedAt`, `replayTaskId` on the dead letter; `replayOf` on the new task
 * record), with an audit entry per replay.
 *
 * Replaying the same dead letter twice gives the same replay task (its dedupe key is the dead
 * task's id), so a double-clicked replay does not run the work twice. If the replay dies too, it
 * becomes a dead letter of its own, which can be replayed in turn.
 */
import * as logger from 'firebase-functions/logger';
import { FieldValue, Timestamp, type Firestore } from 'firebase-admin/firestore';

import { PermanentError } from '../domain/errors';
import { isPriority, isTaskType, type TaskType } from '../domain/task-types';
import type { Enqueue } from '../runtime/enqueue';
import { DEAD_LETTERS, deadLetterCountRef } from '../runtime/task-records';
import { appendAudit } from './audit-log';

export interface ReplayResult {
  deadTaskId: string;
  replayTaskId: string;
  queue: string;
  alreadyReplayed: boolean;
}

export async function replayDeadLetter(
  db: Firestore,
  enqueue: Enqueue,
  deadTaskId: string,
  actor: string,
  now = new Date(),
): Promise<ReplayResult> {
  const ref = db.collection(DEAD_LETTERS).doc(deadTaskId);
  const letter = await ref.get();
  if (!letter.exists)
    throw new PermanentError('dead_letter_not_found', `no dead letter ${deadTaskId}`);
  const type = letter.get('type') as unknown;
  if (!isTaskType(type)) {
    throw new PermanentError(
      'dead_letter_invalid',
      `dead letter ${deadTaskId} has type ${String(type)}`,
    );
  }
  const priority = letter.get('priority');

  const result = await enqueue({
    type,
    payload: letter.get('payload') as never,
    priority: isPriority(priority) ? priority : undefined,
    dedupeKey: `replay:${deadTaskId}`,
    context: { userId: letter.get('context.userId') ?? null, operation: `replay.${type}` },
    replayOf: deadTaskId,
  });

  const alreadyReplayed = await db.runTransaction(async (tx) => {
    const current = await tx.get(ref);
    if (current.get('replayTaskId') === result.taskId) return true;
    tx.update(ref, {
      replayedAt: Timestamp.fromDate(now),
      replayTaskId: result.taskId,
      replayedBy: actor,
    });
    if (!current.get('replayedAt')) {
      tx.set(deadLetterCountRef(db), { replayed: FieldValue.increment(1) }, { merge: true });
    }
    appendAudit(
      tx,
      db,
      {
        kind: 'dead_letter_replayed',
        subject: `${DEAD_LETTERS}/${deadTaskId}`,
        actor,
        details: { type, replayTaskId: result.taskId, queue: result.queue },
      },
      now,
    );
    return false;
  });
  logger.info('dead_letter.replayed', { taskId: deadTaskId, replayTaskId: result.taskId, actor });
  return { deadTaskId, replayTaskId: result.taskId, queue: result.queue, alreadyReplayed };
}

/** Replays every not-yet-replayed dead letter of one type, page by page. */
export async function replayDeadLettersOfType(
  db: Firestore,
  enqueue: Enqueue,
  type: TaskType,
  actor: string,
  limit = 500,
): Promise<ReplayResult[]> {
  const results: ReplayResult[] = [];
  const letters = await db.collection(DEAD_LETTERS).where('type', '==', type).limit(limit).get();
  for (const letter of letters.docs) {
    if (letter.get('replayedAt')) continue;
    results.push(await replayDeadLetter(db, enqueue, letter.id, actor));
  }
  return results;
}
