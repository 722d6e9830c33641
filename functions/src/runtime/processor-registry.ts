/**
 * Task type → processor, loaded on first use so a queue's function only loads its own code.
 */
import type { TaskType } from '../domain/task-types';
import type { Processor } from '../processors/types';

type Loaders = { [T in TaskType]: () => Promise<Processor<T>> };

const LOADERS: Loaders = {
  analytics: async () =>
    (await import('../processors/record-analytics-event')).recordAnalyticsEvent,
  canary: async () => (await import('../processors/run-canary')).runCanary,
  notification: async () => (await import('../processors/send-notification')).sendNotification,
  content_verification: async () =>
    (await import('../processors/verify-content')).verifySubmissionContent,
  escrow_release: async () => (await import('../processors/release-escrow')).releaseEscrow,
  escrow_refund: async () => (await import('../processors/refund-escrow')).refundEscrow,
};

export async function loadProcessor<T extends TaskType>(type: T): Promise<Processor<T>> {
  return (LOADERS[type] as () => Promise<Processor<T>>)();
}
