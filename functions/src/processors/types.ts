/**
 * What a processor gets: its validated payload and a small context of services. Processors never
 * reach for globals, so unit tests pass fakes and integration tests pass the real adapters.
 */
import type { Firestore } from 'firebase-admin/firestore';

import type { Clock } from '../domain/clock';
import type { PayloadOf } from '../domain/payloads';
import type { TaskContext, TaskType } from '../domain/task-types';
import type { Enqueue } from '../runtime/enqueue';

export interface Services {
  db: Firestore;
  clock: Clock;
  enqueue: Enqueue;
  /** True inside the Firebase emulator; gates test-only behaviour such as endpoint overrides. */
  inEmulator: boolean;
}

export interface TaskRun {
  taskId: string;
  attempt: number;
  maxAttempts: number;
  /** No further delivery follows a failure of this attempt. */
  isLastAttempt: boolean;
  context: TaskContext;
}

export type Processor<T extends TaskType> = (
  payload: PayloadOf<T>,
  run: TaskRun,
  services: Services,
) => Promise<void>;
