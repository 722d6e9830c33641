/** The project's real enqueue API, wired from the test process to the Cloud Tasks emulator. */
import { createCloudTasksDispatcher } from '../../src/adapters/task-dispatcher';
import { createEnqueue, type Enqueue } from '../../src/runtime/enqueue';
import { testDb } from './emulator';

let enqueue: Enqueue | undefined;

export function testEnqueue(): Enqueue {
  if (!enqueue) enqueue = createEnqueue(testDb(), createCloudTasksDispatcher());
  return enqueue;
}
