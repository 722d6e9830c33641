/**
 * The task vocabulary: names, priorities and the envelope every task carries. Pure data, loaded
 * by the deployed function definitions, so it must stay free of heavy imports.
 */
export const TASK_TYPES = [
  'analytics',
  'notification',
  'content_verification',
  'escrow_release',
  'escrow_refund',
  'canary',
] as const;
export type TaskType = (typeof TASK_TYPES)[number];

export const PRIORITIES = ['high', 'normal', 'low'] as const;
export type Priority = (typeof PRIORITIES)[number];

export const TASK_STATUSES = ['queued', 'running', 'succeeded', 'retrying', 'dead'] as const;
export type TaskStatus = (typeof TASK_STATUSES)[number];

/** Who asked for the work and why; copied onto task records, dead letters and Sentry tags. */
export interface TaskContext {
  userId?: string | null;
  operation: string;
}

/** What travels through Cloud Tasks: the processor's payload plus routing and tracing data. */
export interface TaskEnvelope<P = unknown> {
  taskId: string;
  type: TaskType;
  priority: Priority;
  payload: P;
  context: TaskContext;
  enqueuedAt: string;
  /** Set when an operator replays a dead letter: the dead task's id. */
  replayOf?: string;
}

export function isTaskType(value: unknown): value is TaskType {
  return typeof value === 'string' && (TASK_TYPES as readonly string[]).includes(value);
}

export function isPriority(value: unknown): value is Priority {
  return typeof value === 'string' && (PRIORITIES as readonly string[]).includes(value);
}
