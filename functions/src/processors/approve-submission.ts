/**
 * Approval of a submission by the bounty's owner: assigns the bounty's escrow to the creator and
 * schedules its release, in one transaction over the bounty, the escrow and the submission.
 *
 * A bounty pays one creator. Rules refuse a second approval, but two approvals written at the
 * same moment can both pass the rules; the transaction serialises them on the bounty document,
 * so exactly one wins and the other is recorded as refused (`declined` with the reason) and pays
 * nothing. A redelivered trigger finds the bounty already awarded to this submission and only
 * re-enqueues the idempotent follow-ups.
 */
import * as logger from 'firebase-functions/logger';
import { Timestamp, type DocumentReference, type Transaction } from 'firebase-admin/firestore';

import { deriveDocId } from '../domain/ids';
import { notificationTask } from '../domain/notifications';
import type { Submission } from '../domain/submission';
import { appendAudit } from './audit-log';
import { ESCROW_PAYMENTS, escrowRef } from './escrow-store';
import { scheduleEscrowTimer } from './escrow-timer-store';
import type { Services } from './types';

export type ApprovalOutcome =
  | { kind: 'assigned'; escrowPaymentId: string; releaseAt: Date }
  | { kind: 'refused'; reason: string };

export async function approveSubmission(
  submissionId: string,
  submission: Submission,
  services: Services,
): Promise<ApprovalOutcome> {
  const { db, clock } = services;
  const now = clock.now();
  const releaseAt = new Date(now.getTime() + services.config.releaseHoldSeconds * 1000);
  const submissionRef = db.collection('submissions').doc(submissionId);
  const bountyRef = db.collection('bounties').doc(submission.bountyId);

  const outcome = await db.runTransaction(async (tx): Promise<ApprovalOutcome> => {
    const [current, bounty, creator] = await Promise.all([
      tx.get(submissionRef),
      tx.get(bountyRef),
      tx.get(db.collection('users').doc(submission.creatorId)),
    ]);
    const awardedTo = bounty.get('approvedSubmissionId') as string | undefined;
    const escrowId = bounty.get('escrowPaymentId') as string | undefined;
    if (awardedTo === submissionId && escrowId) {
      const existing = await tx.get(escrowRef(db, escrowId));
      const at = existing.get('releaseAt') as Timestamp | undefined;
      return { kind: 'assigned', escrowPaymentId: escrowId, releaseAt: at?.toDate() ?? now };
    }
    if (current.get('status') !== 'approved') return { kind: 'refused', reason: 'not_approved' };
    const reason = refusalReason(bounty.get('status'), awardedTo, escrowId);
    const escrow = escrowId && !reason ? await tx.get(escrowRef(db, escrowId)) : null;
    const finalReason = reason ?? (escrow?.get('status') === 'held' ? null : 'escrow_not_held');
    if (finalReason || !escrowId) {
      refuse(tx, submissionRef, submissionId, finalReason ?? 'bounty_not_funded', services);
      return { kind: 'refused', reason: finalReason ?? 'bounty_not_funded' };
    }
    const businessId = String(bounty.get('businessId'));
    assign(tx, {
      bountyRef,
      escrowId,
      businessId,
      submissionId,
      submission,
      releaseAt,
      now,
      services,
    });
    tx.update(escrowRef(db, escrowId), {
      status: 'release_scheduled',
      creatorId: submission.creatorId,
      submissionId,
      connectAccountId: (creator.get('stripeAccountId') as string | undefined) ?? null,
      releaseAt: Timestamp.fromDate(releaseAt),
      updatedAt: Timestamp.fromDate(now),
    });
    scheduleEscrowTimer(tx, db, { escrowPaymentId: escrowId, kind: 'release', dueAt: releaseAt });
    return { kind: 'assigned', escrowPaymentId: escrowId, releaseAt };
  });

  logger.info('submission.approval', { submissionId, bountyId: submission.bountyId, ...outcome });
  if (outcome.kind === 'assigned')
    await enqueueAfterApproval(submissionId, submission, outcome, services);
  return outcome;
}

function refusalReason(
  bountyStatus: unknown,
  awardedTo: string | undefined,
  escrowId: string | undefined,
): string | null {
  if (awardedTo) return 'bounty_already_awarded';
  if (bountyStatus !== 'active') return `bounty_${String(bountyStatus ?? 'missing')}`;
  if (!escrowId) return 'bounty_not_funded';
  return null;
}

function refuse(
  tx: Transaction,
  submissionRef: DocumentReference,
  submissionId: string,
  reason: string,
  services: Services,
): void {
  const now = services.clock.now();
  tx.update(submissionRef, {
    status: 'declined',
    approvalRefusal: { reason, at: Timestamp.fromDate(now) },
    updatedAt: Timestamp.fromDate(now),
  });
  appendAudit(
    tx,
    services.db,
    {
      kind: 'approval_refused',
      subject: `submissions/${submissionId}`,
      actor: 'system',
      details: { reason },
    },
    now,
  );
}

function assign(
  tx: Transaction,
  input: {
    bountyRef: DocumentReference;
    escrowId: string;
    businessId: string;
    submissionId: string;
    submission: Submission;
    releaseAt: Date;
    now: Date;
    services: Services;
  },
): void {
  const { bountyRef, escrowId, submissionId, submission, now } = input;
  tx.update(bountyRef, {
    approvedSubmissionId: submissionId,
    approvedAt: Timestamp.fromDate(now),
    updatedAt: Timestamp.fromDate(now),
  });
  appendAudit(
    tx,
    input.services.db,
    {
      kind: 'escrow_assigned',
      subject: `${ESCROW_PAYMENTS}/${escrowId}`,
      actor: `business:${input.businessId}`,
      details: {
        submissionId,
        bountyId: submission.bountyId,
        creatorId: submission.creatorId,
        releaseAt: input.releaseAt.toISOString(),
      },
    },
    now,
  );
}

async function enqueueAfterApproval(
  submissionId: string,
  submission: Submission,
  outcome: Extract<ApprovalOutcome, { kind: 'assigned' }>,
  services: Services,
): Promise<void> {
  const delaySeconds = Math.max(
    0,
    Math.ceil((outcome.releaseAt.getTime() - services.clock.now().getTime()) / 1000),
  );
  const context = { userId: submission.creatorId, operation: 'submission.approved' };
  await Promise.all([
    services.enqueue({
      type: 'escrow_release',
      // A release due now goes to the high lane; a held one waits its time in the normal lane
      // (the 15-minute sweep also enqueues any release that comes due).
      priority: delaySeconds === 0 ? 'high' : 'normal',
      delaySeconds,
      dedupeKey: `release:${outcome.escrowPaymentId}`,
      context,
      payload: { escrowPaymentId: outcome.escrowPaymentId },
    }),
    services.enqueue(
      notificationTask('submission_approved', {
        userId: submission.creatorId,
        bountyId: submission.bountyId,
        submissionId,
      }),
    ),
    services.enqueue({
      type: 'analytics',
      dedupeKey: `submission:${submissionId}:approved:analytics`,
      context,
      payload: {
        eventId: deriveDocId('submission_approved', submissionId),
        event: 'submission_approved',
        occurredAt: services.clock.now().toISOString(),
        bountyId: submission.bountyId,
        submissionId,
        userId: submission.creatorId,
      },
    }),
  ]);
}
