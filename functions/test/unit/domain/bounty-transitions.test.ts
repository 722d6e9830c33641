import { Timestamp } from 'firebase-admin/firestore';
import { describe, expect, it } from 'vitest';

import { bountySchema } from '../../../src/domain/bounty';
import { tasksForBountyChange } from '../../../src/domain/bounty-transitions';
import { buildBounty } from '../../support/builders';

function change(before: string | null, after: string) {
  return {
    bountyId: 'b1',
    before: before ? { status: before as never } : null,
    after: bountySchema.parse(buildBounty({ status: after })),
    occurredAt: new Date('2026-12-01T10:00:00Z'),
  };
}

describe('bounty transitions', () => {
  it('enqueues an analytics event when a bounty becomes active', () => {
    const tasks = tasksForBountyChange(change('funding', 'active'));
    const analytics = tasks.find((task) => task.type === 'analytics');
    expect(analytics).toMatchObject({
      dedupeKey: 'bounty:b1:bounty_funded:analytics',
      payload: { event: 'bounty_funded', bountyId: 'b1', amountCents: 5_000 },
    });
  });

  it('derives the same tasks however often the change is reported', () => {
    expect(tasksForBountyChange(change('funding', 'active'))).toEqual(
      tasksForBountyChange(change('funding', 'active')),
    );
  });

  it('notifies the owner when the bounty goes live', () => {
    const tasks = tasksForBountyChange(change('funding', 'active'));
    expect(tasks.find((task) => task.type === 'notification')).toMatchObject({
      payload: { userId: 'business-1', type: 'bounty_live' },
    });
  });

  it('refunds the escrow of a bounty that expires', () => {
    const expired = change('active', 'expired');
    expired.after.escrowPaymentId = 'escrow-1';
    expect(tasksForBountyChange(expired).find((task) => task.type === 'escrow_refund')).toEqual({
      type: 'escrow_refund',
      dedupeKey: 'refund:escrow-1',
      context: { userId: 'business-1', operation: 'bounty.bounty_expired' },
      payload: { escrowPaymentId: 'escrow-1', reason: 'bounty_expired' },
    });
  });

  it('enqueues nothing for an edit that keeps the bounty active', () => {
    expect(tasksForBountyChange(change('active', 'active'))).toEqual([]);
  });

  it('rejects a bounty with a negative reward', () => {
    const result = bountySchema.safeParse(buildBounty({ rewardCents: -5 }));
    expect(result.success).toBe(false);
  });

  it('accepts a Firestore timestamp deadline', () => {
    const parsed = bountySchema.parse(buildBounty({ deadline: Timestamp.fromMillis(0) }));
    expect(parsed.deadline.toDate().getTime()).toBe(0);
  });
});
