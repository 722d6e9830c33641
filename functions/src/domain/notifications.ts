/**
 * The notifications the marketplace sends, and the task that delivers each one. Ids derive from
 * the kind, the recipient and the subject, so every notification exists once however often the
 * event that causes it is replayed.
 */
import { deriveDocId } from './ids';
import type { EnqueueRequest } from './task-request';

export const NOTIFICATION_KINDS = [
  'bounty_live',
  'submission_received',
  'submission_verified',
  'submission_rejected',
  'submission_needs_review',
  'submission_approved',
  'submission_declined',
  'payout_sent',
  'bounty_completed',
  'bounty_expired',
  'refund_issued',
  'payout_failed',
] as const;
export type NotificationKind = (typeof NOTIFICATION_KINDS)[number];

export interface NotificationSubject {
  userId: string;
  bountyId: string;
  bountyTitle?: string;
  submissionId?: string;
  amountCents?: number;
  currency?: string;
  reason?: string;
}

function money(subject: NotificationSubject): string {
  if (subject.amountCents === undefined) return 'the reward';
  const amount = (subject.amountCents / 100).toFixed(2);
  return `${amount} ${(subject.currency ?? 'usd').toUpperCase()}`;
}

type Copy = { title: string; message: string };

function copyFor(kind: NotificationKind, subject: NotificationSubject): Copy {
  const bounty = subject.bountyTitle ? `"${subject.bountyTitle}"` : 'your bounty';
  switch (kind) {
    case 'bounty_live':
      return { title: 'Bounty is live', message: `${bounty} is funded and open for submissions.` };
    case 'submission_received':
      return { title: 'New submission', message: `A creator submitted content for ${bounty}.` };
    case 'submission_verified':
      return { title: 'Submission verified', message: `Your content for ${bounty} passed checks.` };
    case 'submission_rejected':
      return {
        title: 'Submission rejected',
        message: `Your content for ${bounty} failed checks: ${subject.reason ?? 'see details'}.`,
      };
    case 'submission_needs_review':
      return {
        title: 'Submission needs review',
        message: `We could not reach the platform to check your content for ${bounty}.`,
      };
    case 'submission_approved':
      return { title: 'Submission approved', message: `Your content for ${bounty} was approved.` };
    case 'submission_declined':
      return { title: 'Submission declined', message: `Your content for ${bounty} was declined.` };
    case 'payout_sent':
      return { title: 'Payout sent', message: `${money(subject)} is on its way for ${bounty}.` };
    case 'bounty_completed':
      return { title: 'Bounty completed', message: `${bounty} is complete and the creator paid.` };
    case 'bounty_expired':
      return { title: 'Bounty expired', message: `${bounty} passed its deadline unawarded.` };
    case 'refund_issued':
      return { title: 'Refund issued', message: `${money(subject)} for ${bounty} was refunded.` };
    case 'payout_failed':
      return {
        title: 'Payout failed',
        message: `The payout for ${bounty} failed: ${subject.reason ?? 'unknown reason'}.`,
      };
  }
}

/** The `notification` task for one notification of `kind` to `subject.userId`. */
export function notificationTask(
  kind: NotificationKind,
  subject: NotificationSubject,
): EnqueueRequest<'notification'> {
  const about = subject.submissionId ?? subject.bountyId;
  const copy = copyFor(kind, subject);
  const data: Record<string, string> = { kind, bountyId: subject.bountyId };
  if (subject.submissionId) data.submissionId = subject.submissionId;
  return {
    type: 'notification',
    dedupeKey: `notify:${kind}:${subject.userId}:${about}`,
    context: { userId: subject.userId, operation: `notify.${kind}` },
    payload: {
      notificationId: deriveDocId('notification', kind, subject.userId, about),
      userId: subject.userId,
      type: kind,
      title: copy.title,
      message: copy.message.slice(0, 2000),
      data,
      channels: ['in_app', 'email', 'push'],
    },
  };
}
