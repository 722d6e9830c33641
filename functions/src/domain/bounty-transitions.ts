/**
 * Which follow-up work a change of a bounty document calls for. Pure: the trigger feeds it the
 * document before and after, and enqueues what it returns.
 *
 * Dedupe keys name the bounty and the transition, not the trigger event: a bounty becomes active
 * once, so however many events report that change, the same tasks are derived.
 */
import type { EnqueueRequest } from './task-request';
import type { Bounty, BountyStatus } from './bounty';
import { deriveDocId } from './ids';

export interface BountyChange {
  bountyId: string;
  before: Pick<Bounty, 'status'> | null;
  after: Bounty;
  occurredAt: Date;
}

function enteredStatus(change: BountyChange, status: BountyStatus): boolean {
  return change.after.status === status && change.before?.status !== status;
}

export function tasksForBountyChange(change: BountyChange): EnqueueRequest[] {
  const { bountyId, after } = change;
  const context = { userId: after.businessId, operation: 'bounty.lifecycle' };
  const tasks: EnqueueRequest[] = [];

  if (enteredStatus(change, 'active')) {
    tasks.push({
      type: 'analytics',
      dedupeKey: `bounty:${bountyId}:active:analytics`,
      context,
      payload: {
        eventId: deriveDocId('bounty_funded', bountyId),
        event: 'bounty_funded',
        occurredAt: change.occurredAt.toISOString(),
        bountyId,
        userId: after.businessId,
        amountCents: after.rewardCents,
      },
    });
  }
  return tasks;
}
