/**
 * Queue topology: one Cloud Tasks queue (and one `onTaskDispatched` function) per task type and
 * priority lane.
 *
 * Cloud Tasks queues are FIFO by schedule time and have no per-task priority, so priority is
 * realised by giving each lane its own queue with its own dispatch budget: a high-priority task
 * never waits behind a low-priority backlog because they never share a queue.
 *
 * Every setting is a param expression so `firebase deploy` writes it into the queue config:
 * per-type params (`TASK_QUEUE_<TYPE>_...`) default to the global `TASK_QUEUE_*` ones.
 * This module is loaded by every function definition: keep it free of heavy imports.
 */
import { defineInt, type Expression, type IntParam } from 'firebase-functions/params';

import { PRIORITIES, TASK_TYPES, type Priority, type TaskType } from '../domain/task-types';
import { TASK_QUEUE_CONCURRENCY, TASK_QUEUE_MAX_RETRIES, TASK_QUEUE_RETRY_DELAY } from './params';

export interface QueueDefaults {
  /** Dispatches per second per lane. */
  dispatchesPerSecond: number;
  /** Cap on concurrent dispatches per lane; the global default applies when absent. */
  concurrency?: number;
  /** Cap on the backoff between attempts, in seconds. */
  maxBackoffSeconds: number;
  /** Function timeout in seconds. */
  timeoutSeconds: number;
}

/**
 * Per-type defaults. Money queues stay far below Stripe's rate limits: Stripe allows 100
 * requests/s in live mode and 25 per endpoint in test mode
 * (https://docs.stripe.com/rate-limits); a release makes at most two calls (list by transfer
 * group during reconciliation, then create), so 3 lanes × 4/s = 12 tasks/s ≤ 24 calls/s.
 */
export const QUEUE_DEFAULTS: Record<TaskType, QueueDefaults> = {
  analytics: { dispatchesPerSecond: 200, maxBackoffSeconds: 60, timeoutSeconds: 60 },
  notification: { dispatchesPerSecond: 100, maxBackoffSeconds: 120, timeoutSeconds: 60 },
  content_verification: { dispatchesPerSecond: 50, maxBackoffSeconds: 300, timeoutSeconds: 120 },
  escrow_release: {
    dispatchesPerSecond: 4,
    concurrency: 4,
    maxBackoffSeconds: 600,
    timeoutSeconds: 120,
  },
  escrow_refund: {
    dispatchesPerSecond: 2,
    concurrency: 2,
    maxBackoffSeconds: 600,
    timeoutSeconds: 120,
  },
  canary: { dispatchesPerSecond: 5, maxBackoffSeconds: 30, timeoutSeconds: 60 },
};

export interface QueueParams {
  concurrency: IntParam;
  maxAttempts: IntParam;
  minBackoffSeconds: IntParam;
  dispatchesPerSecond: IntParam;
}

export interface QueueDefinition {
  /** Cloud Tasks queue id and deployed function name, e.g. `escrowReleaseHigh`. */
  name: string;
  type: TaskType;
  priority: Priority;
  params: QueueParams;
  defaults: QueueDefaults;
}

/** `escrow_release` → `ESCROW_RELEASE`, used in param names. */
function paramPrefix(type: TaskType): string {
  return `TASK_QUEUE_${type.toUpperCase()}`;
}

/** `escrow_release` + `high` → `escrowReleaseHigh`. */
export function queueName(type: TaskType, priority: Priority): string {
  const camel = type.replace(/_([a-z])/g, (_, letter: string) => letter.toUpperCase());
  return `${camel}${priority[0].toUpperCase()}${priority.slice(1)}`;
}

function intParam(name: string, fallback: number | Expression<number>, what: string): IntParam {
  return defineInt(name, { default: fallback, description: what });
}

function declareTypeParams(type: TaskType): QueueParams {
  const prefix = paramPrefix(type);
  const defaults = QUEUE_DEFAULTS[type];
  return {
    concurrency: intParam(
      `${prefix}_CONCURRENCY`,
      defaults.concurrency ?? TASK_QUEUE_CONCURRENCY,
      `Max concurrent dispatches per ${type} lane.`,
    ),
    maxAttempts: intParam(
      `${prefix}_MAX_RETRIES`,
      TASK_QUEUE_MAX_RETRIES,
      `Delivery attempts per ${type} task, first one included.`,
    ),
    minBackoffSeconds: intParam(
      `${prefix}_RETRY_DELAY`,
      TASK_QUEUE_RETRY_DELAY,
      `Minimum backoff between ${type} attempts, in seconds.`,
    ),
    dispatchesPerSecond: intParam(
      `${prefix}_DISPATCH_RATE`,
      defaults.dispatchesPerSecond,
      `Dispatches per second per ${type} lane.`,
    ),
  };
}

function buildQueues(): QueueDefinition[] {
  return TASK_TYPES.flatMap((type) => {
    const params = declareTypeParams(type);
    return PRIORITIES.map((priority) => ({
      name: queueName(type, priority),
      type,
      priority,
      params,
      defaults: QUEUE_DEFAULTS[type],
    }));
  });
}

export const QUEUES: readonly QueueDefinition[] = buildQueues();

const QUEUES_BY_NAME = new Map(QUEUES.map((queue) => [queue.name, queue]));

export function findQueue(type: TaskType, priority: Priority): QueueDefinition {
  return getQueue(queueName(type, priority));
}

export function getQueue(name: string): QueueDefinition {
  const queue = QUEUES_BY_NAME.get(name);
  if (!queue) throw new Error(`Unknown task queue ${name}`);
  return queue;
}
