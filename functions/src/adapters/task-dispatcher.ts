/**
 * Puts tasks on Cloud Tasks through firebase-admin's task queue API, which also talks to the
 * Cloud Tasks emulator (`CLOUD_TASKS_EMULATOR_HOST`). The `@google-cloud/tasks` client cannot
 * reach the emulator, so it is used only for production-side inspection.
 */
import { getFunctions } from 'firebase-admin/functions';

import type { TaskEnvelope } from '../domain/task-types';
import { ensureAdminApp } from './firestore';

export interface DispatchOptions {
  id: string;
  delaySeconds?: number;
  dispatchDeadlineSeconds?: number;
}

/** Enqueues one task; resolves `exists` when Cloud Tasks already knows the id. */
export interface TaskDispatcher {
  dispatch(
    queue: string,
    envelope: TaskEnvelope,
    options: DispatchOptions,
  ): Promise<'created' | 'exists'>;
}

function isTaskAlreadyExists(error: unknown): boolean {
  const code = (error as { code?: unknown } | null)?.code;
  return code === 'functions/task-already-exists' || code === 'task-already-exists';
}

export function createCloudTasksDispatcher(): TaskDispatcher {
  ensureAdminApp();
  const functions = getFunctions();
  return {
    async dispatch(queue, envelope, options) {
      try {
        await functions.taskQueue<TaskEnvelope>(queue).enqueue(envelope, {
          id: options.id,
          ...(options.delaySeconds ? { scheduleDelaySeconds: options.delaySeconds } : {}),
          ...(options.dispatchDeadlineSeconds
            ? { dispatchDeadlineSeconds: options.dispatchDeadlineSeconds }
            : {}),
        });
        return 'created';
      } catch (error) {
        if (isTaskAlreadyExists(error)) return 'exists';
        throw error;
      }
    },
  };
}
