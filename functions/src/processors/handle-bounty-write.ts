/**
 * Reacts to a write of `bounties/{id}`: validates the document and enqueues the follow-up tasks
 * its transition calls for. Enqueueing is idempotent, so a redelivered event changes nothing.
 */
import { bountySchema } from '../domain/bounty';
import { tasksForBountyChange } from '../domain/bounty-transitions';
import { describeIssues } from '../domain/payloads';
import type { Services } from './types';
import { recordInvalidDocument } from './record-invalid-document';

export interface DocumentWrite {
  eventId: string;
  path: string;
  docId: string;
  before: Record<string, unknown> | undefined;
  after: Record<string, unknown> | undefined;
  occurredAt: Date;
}

export async function handleBountyWrite(write: DocumentWrite, services: Services): Promise<void> {
  if (!write.after) return;

  const parsed = bountySchema.safeParse(write.after);
  if (!parsed.success) {
    await recordInvalidDocument(services.db, {
      path: write.path,
      eventId: write.eventId,
      trigger: 'onBountyWritten',
      reason: `bounty is invalid: ${describeIssues(parsed.error)}`,
      now: services.clock.now(),
    });
    return;
  }
  const beforeStatus = write.before?.status;
  const tasks = tasksForBountyChange({
    bountyId: write.docId,
    before: typeof beforeStatus === 'string' ? { status: beforeStatus as never } : null,
    after: parsed.data,
    occurredAt: write.occurredAt,
  });

  await Promise.all(tasks.map((task) => services.enqueue(task)));
}
