/**
 * A simulated Cloud Tasks for the soak test: the real enqueue API and the real handler runtime,
 * with delivery under the test's control. Tasks run in random order; some are delivered twice,
 * some twice at once; a task whose name Cloud Tasks has "forgotten" is accepted again; a failed
 * attempt is redelivered with the next retry count, as Cloud Tasks would.
 */
import type { Firestore } from 'firebase-admin/firestore';

import type { DispatchOptions, TaskDispatcher } from '../../src/adapters/task-dispatcher';
import { getQueue } from '../../src/config/queues';
import type { TaskEnvelope } from '../../src/domain/task-types';
import type { Services } from '../../src/processors/types';
import { createEnqueue, type Enqueue } from '../../src/runtime/enqueue';
import { handleTask } from '../../src/runtime/handle-task';
import type { Random } from './prng';

export interface SimQueueOptions {
  maxAttempts: number;
  /** Chance that a duplicate enqueue is accepted anyway (Cloud Tasks forgot the name). */
  forgetNameChance: number;
  /** Chance that a delivery is made twice in a row. */
  duplicateChance: number;
  /** Chance that a delivery is made twice at the same moment. */
  concurrentChance: number;
}

interface Pending {
  queue: string;
  envelope: TaskEnvelope;
  retryCount: number;
}

export interface SimQueueStats {
  enqueued: number;
  duplicateEnqueues: number;
  deliveries: number;
  byType: Record<string, number>;
}

export class SimQueue {
  readonly stats: SimQueueStats = { enqueued: 0, duplicateEnqueues: 0, deliveries: 0, byType: {} };
  readonly enqueue: Enqueue;
  private readonly pending: Pending[] = [];
  private readonly known = new Set<string>();

  constructor(
    db: Firestore,
    private readonly random: Random,
    private readonly options: SimQueueOptions,
  ) {
    const dispatcher: TaskDispatcher = {
      dispatch: async (queue, envelope, dispatch: DispatchOptions) =>
        this.accept(queue, envelope, dispatch),
    };
    this.enqueue = createEnqueue(db, dispatcher);
  }

  get size(): number {
    return this.pending.length;
  }

  private accept(queue: string, envelope: TaskEnvelope, dispatch: DispatchOptions) {
    if (this.known.has(dispatch.id) && !this.random.chance(this.options.forgetNameChance)) {
      this.stats.duplicateEnqueues += 1;
      return 'exists' as const;
    }
    this.known.add(dispatch.id);
    this.stats.enqueued += 1;
    this.stats.byType[envelope.type] = (this.stats.byType[envelope.type] ?? 0) + 1;
    this.pending.push({ queue, envelope, retryCount: 0 });
    return 'created' as const;
  }

  /**
   * Delivers pending tasks, picked at random, with up to `concurrency` in flight, until none
   * are left. A task whose every copy failed comes back with the next retry count.
   */
  async drain(services: () => Services, concurrency = 8): Promise<void> {
    const inFlight = new Set<Promise<void>>();
    while (this.pending.length > 0 || inFlight.size > 0) {
      while (this.pending.length > 0 && inFlight.size < concurrency) {
        const [task] = this.pending.splice(this.random.int(this.pending.length), 1);
        if (!task) break;
        const running: Promise<void> = this.deliverWithChaos(task, services).finally(() =>
          inFlight.delete(running),
        );
        inFlight.add(running);
      }
      if (inFlight.size > 0) await Promise.race(inFlight);
    }
  }

  private async deliverWithChaos(task: Pending, services: () => Services): Promise<void> {
    const copies = this.random.chance(this.options.concurrentChance) ? 2 : 1;
    const outcomes = await Promise.allSettled(
      Array.from({ length: copies }, () => this.deliver(task, services())),
    );
    if (this.random.chance(this.options.duplicateChance)) {
      await this.deliver(task, services()).catch(() => undefined);
    }
    const failed = outcomes.every((outcome) => outcome.status === 'rejected');
    if (failed && task.retryCount + 1 < this.options.maxAttempts) {
      this.pending.push({ ...task, retryCount: task.retryCount + 1 });
    }
  }

  private async deliver(task: Pending, services: Services): Promise<void> {
    this.stats.deliveries += 1;
    await handleTask(
      getQueue(task.queue),
      { data: task.envelope, id: task.envelope.taskId, retryCount: task.retryCount },
      { maxAttempts: this.options.maxAttempts, services },
    );
  }
}
