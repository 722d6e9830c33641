/**
 * Which follow-up work a change of a bounty document calls for. Pure: the trigger feeds it the
 * document before and after, and enqueues what it returns.
 *
 * Dedupe keys name the bounty and the transition, not the trigger event: a bounty becomes active
 * once, so however many events report that change, the same tasks are derived.
 */
import type { AnalyticsEventName } from './payloads';
import type { Bounty, BountyStatus } from './bounty';
import { deriveDocId } from './ids';
import { notificationTask } from './notifications';
import type { EnqueueRequest } from './task-request';

export interface BountyChange {
  bountyId: string;
  before: Pick<Bounty, 'status'> | null;
  after: Bounty;
  occurredAt: Date;
}

function entered(change: BountyChange, status: BountyStatus): boolean {
  return change.after.status === status && change.before?.status !== status;
}

function analytics(change: BountyChange, event: AnalyticsEventName): EnqueueRequest {
  const { bountyId, after } = change;
  return {
    type: 'analytics',
    dedupeKey: `bounty:${bountyId}:${event}:analytics`,
    context: { userId: after.businessId, operation: 'bounty.lifecycle' },
    payload: {
      eventId: deriveDocId(event, bountyId),
      event,
      occurredAt: change.occurredAt.toISOString(),
      bountyId,
      userId: after.businessId,
      ...(event === 'bounty_funded' ? { amountCents: after.rewardCents } : {}),
    },
  };
}

function refund(change: BountyChange, reason: 'bounty_expired' | 'bounty_cancelled') {
  const escrowPaymentId = change.after.escrowPaymentId;
  if (!escrowPaymentId) return [];
  const task: EnqueueRequest = {
    type: 'escrow_refund',
    dedupeKey: `refund:${escrowPaymentId}`,
    context: { userId: change.after.businessId, operation: `bounty.${reason}` },
    payload: { escrowPaymentId, reason },
  };
  return [task];
}

export function tasksForBountyChange(change: BountyChange): EnqueueRequest[] {
  const { bountyId, after } = change;
  const owner = { userId: after.businessId, bountyId, bountyTitle: after.title };
  const tasks: EnqueueRequest[] = [];

  if (change.before === null) tasks.push(analytics(change, 'bounty_created'));
  if (entered(change, 'active')) {
    tasks.push(analytics(change, 'bounty_funded'), notificationTask('bounty_live', owner));
  }
  if (entered(change, 'completed')) tasks.push(analytics(change, 'bounty_completed'));
  if (entered(change, 'expired')) {
    tasks.push(
      analytics(change, 'bounty_expired'),
      notificationTask('bounty_expired', owner),
      ...refund(change, 'bounty_expired'),
    );
  }
  if (entered(change, 'cancelled')) tasks.push(...refund(change, 'bounty_cancelled'));
  return tasks;
}
