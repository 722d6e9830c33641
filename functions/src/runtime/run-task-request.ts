/**
 * Adapts a Cloud Tasks request to the task runtime with the real services.
 */
import type { Request } from 'firebase-functions/v2/tasks';

import type { QueueDefinition } from '../config/queues';
import { handleTask } from './handle-task';
import { getServices } from './services';

export async function runTaskRequest(queue: QueueDefinition, request: Request): Promise<void> {
  await handleTask(
    queue,
    { data: request.data, id: request.id, retryCount: request.retryCount ?? 0 },
    { maxAttempts: queue.params.maxAttempts.value(), services: getServices() },
  );
}
