/**
 * Follow-up work for a change of a submission document. Pure. Verification outcomes notify from
 * the verification processor itself; approval is handled by `approve-submission.ts` because it
 * moves the escrow in a transaction before anything is enqueued.
 */
import { deriveDocId } from './ids';
import { notificationTask } from './notifications';
import type { Submission, SubmissionStatus } from './submission';
import type { EnqueueRequest } from './task-request';

export interface SubmissionChange {
  submissionId: string;
  before: { status: SubmissionStatus } | null;
  after: Submission;
  bounty: { businessId: string; title: string } | null;
  occurredAt: Date;
}

function entered(change: SubmissionChange, status: SubmissionStatus): boolean {
  return change.after.status === status && change.before?.status !== status;
}

export function tasksForSubmissionChange(change: SubmissionChange): EnqueueRequest[] {
  const { submissionId, after, bounty } = change;
  const subject = {
    bountyId: after.bountyId,
    bountyTitle: bounty?.title,
    submissionId,
  };
  const tasks: EnqueueRequest[] = [];

  if (change.before === null && after.status === 'submitted') {
    tasks.push({
      type: 'content_verification',
      dedupeKey: `submission:${submissionId}:verify`,
      context: { userId: after.creatorId, operation: 'submission.verify' },
      payload: { submissionId },
    });
    tasks.push({
      type: 'analytics',
      dedupeKey: `submission:${submissionId}:created:analytics`,
      context: { userId: after.creatorId, operation: 'submission.lifecycle' },
      payload: {
        eventId: deriveDocId('submission_created', submissionId),
        event: 'submission_created',
        occurredAt: change.occurredAt.toISOString(),
        bountyId: after.bountyId,
        submissionId,
        userId: after.creatorId,
      },
    });
    if (bounty) {
      tasks.push(
        notificationTask('submission_received', { ...subject, userId: bounty.businessId }),
      );
    }
  }
  if (entered(change, 'declined')) {
    tasks.push(notificationTask('submission_declined', { ...subject, userId: after.creatorId }));
  }
  return tasks;
}
