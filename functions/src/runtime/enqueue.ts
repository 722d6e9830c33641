/**
 * The one way work gets onto a queue: used by triggers, processors, the sweep and operators.
 *
 * Idempotent by construction: the Cloud Tasks task id is derived from the task type and a
 * caller-supplied dedupe key (a trigger's event id, a bounty id and transition...), "already
 * exists" counts as success, and the `tasks/{id}` record is only created if missing. Because
 * Cloud Tasks forgets names about an hour after a task ends, the handler also skips a task whose
 * record says it already finished.
 */
import type { Firestore } from 'firebase-admin/firestore';

import type { TaskDispatcher } from '../adapters/task-dispatcher';
import { deriveTaskId } from '../domain/ids';
import { parsePayload } from '../domain/payloads';
import type { EnqueueRequest } from '../domain/task-request';
import type { Priority, TaskEnvelope, TaskType } from '../domain/task-types';
import { findQueue } from '../config/queues';
import { withSpan } from '../monitoring/monitor';
import { recordQueued } from './task-records';

export type { EnqueueRequest };

/** Lane used when the caller does not say: money first, bookkeeping last. */
export const DEFAULT_PRIORITY: Record<TaskType, Priority> = {
  escrow_release: 'high',
  escrow_refund: 'normal',
  notification: 'normal',
  content_verification: 'normal',
  analytics: 'low',
  canary: 'normal',
};

export interface EnqueueResult {
  taskId: string;
  queue: string;
  /** False when the task was already known (a duplicate enqueue). */
  created: boolean;
}

export type Enqueue = <T extends TaskType>(request: EnqueueRequest<T>) => Promise<EnqueueResult>;

export function createEnqueue(db: Firestore, dispatcher: TaskDispatcher): Enqueue {
  return async (request) => {
    const payload = parsePayload(request.type, request.payload);
    const priority = request.priority ?? DEFAULT_PRIORITY[request.type];
    const queue = findQueue(request.type, priority).name;
    const taskId = deriveTaskId(request.type, request.dedupeKey);
    const envelope: TaskEnvelope = {
      taskId,
      type: request.type,
      priority,
      payload,
      context: { userId: request.context.userId ?? null, operation: request.context.operation },
      enqueuedAt: new Date().toISOString(),
      ...(request.replayOf ? { replayOf: request.replayOf } : {}),
    };

    // Dispatch first: if the record were written first and we crashed before dispatching, the
    // retried enqueue would see the record and could not tell that no task exists.
    const dispatched = await withSpan(`cloudtasks dispatch ${queue}`, 'queue.publish', () =>
      dispatcher.dispatch(queue, envelope, { id: taskId, delaySeconds: request.delaySeconds }),
    );
    const recorded = await withSpan('firestore recordQueued', 'db.write', () =>
      recordQueued(db, envelope, queue),
    );
    return { taskId, queue, created: dispatched === 'created' || recorded };
  };
}
