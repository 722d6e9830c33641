/**
 * Builds the deployed `onTaskDispatched` function of one queue from the queue topology. Its retry
 * and rate-limit settings are param expressions, so `firebase deploy` writes the configured
 * values into the Cloud Tasks queue.
 */
import {
  onTaskDispatched,
  type Request,
  type TaskQueueFunction,
} from 'firebase-functions/v2/tasks';

import { findQueue } from '../config/queues';
import { SENTRY_DSN, STRIPE_SECRET_KEY } from '../config/params';
import type { Priority, TaskType } from '../domain/task-types';
import { monitored } from '../monitoring/monitored';

const MONEY_TYPES: readonly TaskType[] = ['escrow_release', 'escrow_refund'];

function readTaskTags(request: Request) {
  const data = (request.data ?? {}) as { context?: { userId?: unknown } };
  const userId = data.context?.userId;
  return {
    attempt: (request.retryCount ?? 0) + 1,
    taskId: request.id,
    userId: typeof userId === 'string' ? userId : null,
  };
}

export function defineTaskFunction(type: TaskType, priority: Priority): TaskQueueFunction {
  const queue = findQueue(type, priority);
  const secrets = MONEY_TYPES.includes(type) ? [SENTRY_DSN, STRIPE_SECRET_KEY] : [SENTRY_DSN];
  return onTaskDispatched(
    {
      retryConfig: {
        maxAttempts: queue.params.maxAttempts,
        minBackoffSeconds: queue.params.minBackoffSeconds,
        maxBackoffSeconds: queue.defaults.maxBackoffSeconds,
      },
      rateLimits: {
        maxConcurrentDispatches: queue.params.concurrency,
        maxDispatchesPerSecond: queue.params.dispatchesPerSecond,
      },
      timeoutSeconds: queue.defaults.timeoutSeconds,
      memory: '256MiB',
      secrets,
    },
    monitored(
      { function: queue.name, trigger: 'task', taskType: type, priority },
      readTaskTags,
      async (request: Request) => {
        const { runTaskRequest } = await import('../runtime/run-task-request');
        await runTaskRequest(queue, request);
      },
    ),
  );
}
