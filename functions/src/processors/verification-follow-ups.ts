/**
 * What follows a content verification decision: the creator's notification and, for `verified`
 * and `rejected`, the analytics event. Everything is derived from the stored submission, so a
 * rerun after a crash between the decision and the enqueue, or a redelivered task, derives the
 * same tasks, which the enqueuer deduplicates by their dedupe keys.
 */
import * as logger from 'firebase-functions/logger';
import type { DocumentData, Firestore } from 'firebase-admin/firestore';
import { z } from 'zod';

import { VERIFICATION_OUTCOMES, type VerificationOutcome } from '../domain/content-checks';
import { deriveDocId } from '../domain/ids';
import { notificationTask, type NotificationKind } from '../domain/notifications';
import { describeIssues } from '../domain/payloads';
import type { EnqueueRequest } from '../domain/task-request';
import type { Services } from './types';

/** Ids must fit task payloads, which accept document-id-safe characters only. */
const docId = z.string().regex(/^[A-Za-z0-9_-]{1,200}$/, 'must be a plain document id');

const timestampLike = z.custom<{ toDate(): Date }>(
  (value) => typeof (value as { toDate?: unknown } | null)?.toDate === 'function',
  'must be a timestamp',
);

const decidedSubmissionSchema = z.object({
  bountyId: docId,
  creatorId: docId,
  status: z.enum(VERIFICATION_OUTCOMES),
  verification: z.object({
    completedAt: timestampLike,
    checks: z.array(z.object({ reason: z.string().nullable() })),
  }),
});
type DecidedSubmission = z.output<typeof decidedSubmissionSchema>;

const NOTIFICATION_KIND: Record<VerificationOutcome, NotificationKind> = {
  verified: 'submission_verified',
  rejected: 'submission_rejected',
  needs_review: 'submission_needs_review',
};

/** Longest reason put into a notification; the checks on the submission keep the full list. */
const MAX_REASON_LENGTH = 500;

/**
 * Enqueues the follow-ups of the decision stored on `submissions/{submissionId}`. Pass the
 * bounty's title when it is at hand; otherwise it is read. A document that cannot name its
 * creator and bounty gets no follow-ups (logged): there is nobody to tell.
 */
export async function enqueueVerificationFollowUps(
  submissionId: string,
  stored: DocumentData,
  services: Services,
  bountyTitle?: string,
): Promise<void> {
  const parsed = decidedSubmissionSchema.safeParse(stored);
  if (!parsed.success) {
    logger.warn('verification.follow_ups_skipped', {
      submissionId,
      errorCode: 'invalid_submission',
      error: describeIssues(parsed.error),
    });
    return;
  }
  const decided = parsed.data;

  const title = bountyTitle ?? (await readBountyTitle(services.db, decided.bountyId));
  const tasks: EnqueueRequest[] = [
    notificationTask(NOTIFICATION_KIND[decided.status], {
      userId: decided.creatorId,
      bountyId: decided.bountyId,
      bountyTitle: title,
      submissionId,
      reason: summariseReasons(decided),
    }),
  ];
  const analytics = analyticsTask(submissionId, decided);
  if (analytics) tasks.push(analytics);

  await Promise.all(tasks.map((task) => services.enqueue(task)));
}

function analyticsTask(
  submissionId: string,
  decided: DecidedSubmission,
): EnqueueRequest<'analytics'> | null {
  if (decided.status === 'needs_review') return null;
  const event = decided.status === 'verified' ? 'submission_verified' : 'submission_rejected';
  return {
    type: 'analytics',
    dedupeKey: `submission:${submissionId}:${decided.status}:analytics`,
    context: { userId: decided.creatorId, operation: 'submission.verification' },
    payload: {
      eventId: deriveDocId(event, submissionId),
      event,
      occurredAt: decided.verification.completedAt.toDate().toISOString(),
      bountyId: decided.bountyId,
      submissionId,
      userId: decided.creatorId,
    },
  };
}

/** The distinct failure reasons, for the creator's notification. */
function summariseReasons(decided: DecidedSubmission): string | undefined {
  if (decided.status === 'verified') return undefined;
  const reasons = new Set(decided.verification.checks.map((check) => check.reason));
  reasons.delete(null);
  const summary = [...reasons].join(', ');
  return summary ? summary.slice(0, MAX_REASON_LENGTH) : undefined;
}

async function readBountyTitle(db: Firestore, bountyId: string): Promise<string | undefined> {
  const title = (await db.collection('bounties').doc(bountyId).get()).get('title');
  return typeof title === 'string' && title.length <= 200 ? title : undefined;
}
