/** A request to put work on a queue, as triggers, processors, the sweep and operators make it. */
import type { PayloadInput } from './payloads';
import type { Priority, TaskContext, TaskType } from './task-types';

export type EnqueueRequest<T extends TaskType = TaskType> = {
  [K in T]: {
    type: K;
    payload: PayloadInput<K>;
    /** What makes this work unique; the same key always maps to the same task id. */
    dedupeKey: string;
    context: TaskContext;
    priority?: Priority;
    /** Seconds before the task may run. Ignored by the Cloud Tasks emulator. */
    delaySeconds?: number;
    /** When replaying a dead letter: the dead task's id. */
    replayOf?: string;
  };
}[T];
