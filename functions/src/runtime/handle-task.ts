/**
 * The task handler runtime shared by every queue: validate, record the attempt, run the processor,
 * classify the outcome.
 *
 * Cloud Tasks retries every non-2xx answer, 4xx included
 * (https://cloud.google.com/tasks/docs/creating-http-target-tasks#handler), so the answer is
 * the retry decision:
 * - success → record `succeeded`, answer 2xx;
 * - transient failure with attempts left → record `retrying`, throw (Cloud Tasks backs off);
 * - permanent failure, or transient on the last allowed attempt → write the dead letter, record
 *   `dead`, answer 2xx so Cloud Tasks stops.
 */
import * as logger from 'firebase-functions/logger';
import { FieldValue, type Firestore } from 'firebase-admin/firestore';

import { InvalidInputError, summarizeError, type ErrorSummary } from '../domain/errors';
import { parsePayload } from '../domain/payloads';
import { isPriority, isTaskType, type TaskEnvelope } from '../domain/task-types';
import type { QueueDefinition } from '../config/queues';
import { captureError, recordMetric, withSpan } from '../monitoring/monitor';
import type { Services, TaskRun } from '../processors/types';
import { loadProcessor } from './processor-registry';
import { randomStatsShardRef, startedIncrement, statsIncrements } from './queue-stats';
import {
  DEAD_LETTERS,
  deadLetterCountRef,
  TASKS,
  claimAttempt,
  deadLetterRecord,
  outcomeUpdate,
  type AttemptOutcome,
} from './task-records';

/** What the runtime needs from a Cloud Tasks request. */
export interface TaskDelivery {
  data: unknown;
  /** Cloud Tasks task name (our task id when we enqueued it). */
  id?: string;
  /** Deliveries before this one (0 on the first attempt). */
  retryCount: number;
}

export type TaskResult = 'succeeded' | 'dead' | 'skipped';

export interface HandleTaskOptions {
  maxAttempts: number;
  services: Services;
}

/** Thrown to Cloud Tasks so it retries; carries the classified cause. */
export class RetryTaskError extends Error {
  readonly summary: ErrorSummary;

  constructor(summary: ErrorSummary, cause: unknown) {
    super(`${summary.code}: ${summary.message}`, { cause });
    this.name = 'RetryTaskError';
    this.summary = summary;
  }
}

export async function handleTask(
  queue: QueueDefinition,
  delivery: TaskDelivery,
  options: HandleTaskOptions,
): Promise<TaskResult> {
  const { db, clock } = options.services;
  const startedAt = clock.now();
  const attempt = delivery.retryCount + 1;
  const envelope = readEnvelope(delivery, queue);
  const run: TaskRun = {
    taskId: envelope.taskId,
    attempt,
    maxAttempts: options.maxAttempts,
    isLastAttempt: attempt >= options.maxAttempts,
    context: envelope.context,
  };

  const claim = await withSpan('firestore claimAttempt', 'db.transaction', () =>
    claimAttempt(db, envelope, queue.name, attempt, startedAt, (tx) => {
      tx.set(randomStatsShardRef(db, queue, startedAt), startedIncrement(queue.name, startedAt), {
        merge: true,
      });
    }),
  );
  if (!claim.run) {
    logger.info('task.skipped_finished', logFields(queue, run, { status: claim.status }));
    return 'skipped';
  }

  try {
    await runProcessor(envelope, run, options.services);
  } catch (error) {
    return settleFailure(db, queue, envelope, run, startedAt, error, clock.now());
  }
  const finishedAt = clock.now();
  const outcome: AttemptOutcome = {
    status: 'succeeded',
    attempt,
    durationMs: finishedAt.getTime() - startedAt.getTime(),
  };
  await writeOutcome(db, queue, envelope, outcome, finishedAt);
  logger.info('task.succeeded', logFields(queue, run, { durationMs: outcome.durationMs }));
  return 'succeeded';
}

async function runProcessor(envelope: EnvelopeWithProblem, run: TaskRun, services: Services) {
  if (envelope.problem) throw new InvalidInputError(envelope.problem);
  const payload = parsePayload(envelope.type, envelope.payload);
  const processor = await loadProcessor(envelope.type);
  await processor(payload as never, run, services);
}

async function settleFailure(
  db: Firestore,
  queue: QueueDefinition,
  envelope: TaskEnvelope,
  run: TaskRun,
  startedAt: Date,
  error: unknown,
  now: Date,
): Promise<TaskResult> {
  const summary = summarizeError(error);
  const durationMs = now.getTime() - startedAt.getTime();
  const giveUp = !summary.retryable || run.isLastAttempt;
  const outcome: AttemptOutcome = {
    status: giveUp ? 'dead' : 'retrying',
    attempt: run.attempt,
    durationMs,
    error: summary,
  };
  await writeOutcome(db, queue, envelope, outcome, now);

  const fields = logFields(queue, run, { errorCode: summary.code, durationMs });
  if (!giveUp) {
    logger.warn('task.retrying', { ...fields, error: summary.message });
    throw new RetryTaskError(summary, error);
  }
  logger.error('task.dead_lettered', { ...fields, error: summary.message });
  // Answered 2xx, so the function wrapper never sees it: report the dead letter here.
  captureError(error, {
    userId: run.context.userId,
    operation: 'task.dead_lettered',
    metadata: fields,
  });
  return 'dead';
}

async function writeOutcome(
  db: Firestore,
  queue: QueueDefinition,
  envelope: TaskEnvelope,
  outcome: AttemptOutcome,
  now: Date,
) {
  recordAttemptMetrics(queue, outcome);
  const batch = db.batch();
  batch.set(db.collection(TASKS).doc(envelope.taskId), outcomeUpdate(outcome, now), {
    merge: true,
  });
  if (outcome.status === 'dead' && outcome.error) {
    const record = deadLetterRecord(envelope, queue.name, outcome.error, outcome.attempt, now);
    batch.set(db.collection(DEAD_LETTERS).doc(envelope.taskId), record, { merge: true });
    batch.set(deadLetterCountRef(db), { total: FieldValue.increment(1) }, { merge: true });
  }
  batch.set(randomStatsShardRef(db, queue, now), statsIncrements(outcome, queue.name, now), {
    merge: true,
  });
  await withSpan('firestore writeOutcome', 'db.write', () => batch.commit());
}

/** Every finished attempt passes through `writeOutcome`, so its metrics are recorded there. */
function recordAttemptMetrics(queue: QueueDefinition, outcome: AttemptOutcome) {
  const tags = { queue: queue.name, taskType: queue.type, status: outcome.status };
  recordMetric('task.duration', outcome.durationMs, { unit: 'millisecond', tags });
  recordMetric('task.attempt', outcome.attempt, { unit: 'none', tags });
}

type EnvelopeWithProblem = TaskEnvelope & { problem?: string };

/**
 * Reads the envelope leniently: a malformed one still gets a task record and a dead letter under
 * a usable id, with the problem kept for `runProcessor` to raise as a permanent error.
 */
function readEnvelope(delivery: TaskDelivery, queue: QueueDefinition): EnvelopeWithProblem {
  const data = (typeof delivery.data === 'object' && delivery.data) || {};
  const raw = data as Partial<TaskEnvelope>;
  const taskId =
    typeof raw.taskId === 'string' && /^[A-Za-z0-9_-]{1,500}$/.test(raw.taskId)
      ? raw.taskId
      : delivery.id || `unnamed-${Date.now()}`;
  const problems: string[] = [];
  if (raw.type !== queue.type) {
    problems.push(`envelope.type: expected ${queue.type}, got ${String(raw.type)}`);
  }
  if (raw.priority !== undefined && !isPriority(raw.priority)) {
    problems.push(`envelope.priority: unknown ${String(raw.priority)}`);
  }
  if (!raw.context || typeof raw.context.operation !== 'string') {
    problems.push('envelope.context.operation: missing');
  }
  return {
    taskId,
    type: isTaskType(raw.type) && raw.type === queue.type ? raw.type : queue.type,
    priority: isPriority(raw.priority) ? raw.priority : queue.priority,
    payload: raw.payload,
    context: {
      userId: typeof raw.context?.userId === 'string' ? raw.context.userId : null,
      operation: typeof raw.context?.operation === 'string' ? raw.context.operation : 'unknown',
    },
    enqueuedAt: typeof raw.enqueuedAt === 'string' ? raw.enqueuedAt : '',
    ...(typeof raw.replayOf === 'string' ? { replayOf: raw.replayOf } : {}),
    ...(problems.length ? { problem: problems.join('; ') } : {}),
  };
}

function logFields(queue: QueueDefinition, run: TaskRun, extra: Record<string, unknown>) {
  return {
    taskId: run.taskId,
    queue: queue.name,
    taskType: queue.type,
    attempt: run.attempt,
    maxAttempts: run.maxAttempts,
    userId: run.context.userId ?? undefined,
    operation: run.context.operation,
    ...extra,
  };
}
