/**
 * Whole bounty lifecycles through the deployed functions in the emulator: callable funding,
 * Stripe webhook, submission trigger, content verification, approval, release and refund.
 */
import { describe, expect, it } from 'vitest';

import { handleSubmissionWrite } from '../../src/processors/handle-submission-write';
import { runSweep } from '../../src/processors/run-sweep';
import { testDb, waitFor } from '../support/emulator';
import {
  callFunction,
  createActiveBounty,
  createCreator,
  createUser,
  notificationKinds,
  publishContent,
  refundsFor,
  submitContent,
  transfersInGroup,
  waitForDoc,
} from '../support/lifecycle';
import { testServices } from '../support/services';
import { makeBountyOverdue } from '../support/time-travel';

async function auditEntries(subject: string, kind: string) {
  const entries = await testDb()
    .collection('auditLog')
    .where('subject', '==', subject)
    .where('kind', '==', kind)
    .get();
  return entries.docs.map((doc) => doc.data());
}

async function analyticsEventsFor(bountyId: string, event: string) {
  const events = await testDb()
    .collection('analyticsEvents')
    .where('bountyId', '==', bountyId)
    .where('event', '==', event)
    .get();
  return events.size;
}

describe('bounty lifecycle', () => {
  it('pays the approved creator exactly once and completes the bounty', async () => {
    const business = await createUser('business');
    const creator = await createCreator();
    const { bountyId, escrowPaymentId } = await createActiveBounty(business, {
      rewardCents: 4_200,
    });
    const submissionId = await submitContent(bountyId, creator, [await publishContent()]);

    await waitForDoc(`submissions/${submissionId}`, (s) => s.status === 'verified', 'verified');
    await testDb().collection('submissions').doc(submissionId).update({ status: 'approved' });
    const escrow = await waitForDoc(
      `escrowPayments/${escrowPaymentId}`,
      (e) => e.status === 'released',
      'escrow released',
    );

    const transfers = await transfersInGroup(bountyId);
    expect(transfers).toHaveLength(1);
    expect(transfers[0]).toMatchObject({ amount: 4_200, destination: creator.accountId });
    expect(escrow.transferId).toBe(transfers[0]?.id);
    await waitForDoc(`bounties/${bountyId}`, (b) => b.status === 'completed', 'bounty completed');
    expect(await auditEntries(`escrowPayments/${escrowPaymentId}`, 'escrow_released')).toHaveLength(
      1,
    );
    await waitFor(async () =>
      (await notificationKinds(creator.uid)).payout_sent ? true : undefined,
    );
    await waitFor(async () =>
      (await notificationKinds(business.uid)).bounty_completed ? true : undefined,
    );
    await waitFor(async () =>
      (await analyticsEventsFor(bountyId, 'payout_released')) === 1 ? true : undefined,
    );

    // Every trigger delivered again: the approval is recognised, nothing moves twice.
    const after = (await testDb().collection('submissions').doc(submissionId).get()).data();
    const replay = {
      eventId: 'replayed-event',
      path: `submissions/${submissionId}`,
      docId: submissionId,
      before: { ...after, status: 'verified' },
      after,
      occurredAt: new Date(),
    };
    await handleSubmissionWrite(replay, testServices());
    await handleSubmissionWrite(replay, testServices());
    await new Promise((resolve) => setTimeout(resolve, 3_000));

    expect(await transfersInGroup(bountyId)).toHaveLength(1);
    expect(await notificationKinds(creator.uid)).toMatchObject({
      submission_verified: 1,
      submission_approved: 1,
      payout_sent: 1,
    });
    expect(await notificationKinds(business.uid)).toMatchObject({
      bounty_live: 1,
      submission_received: 1,
      bounty_completed: 1,
    });
    expect(await analyticsEventsFor(bountyId, 'payout_released')).toBe(1);
  });

  it('awards a bounty to one of two submissions approved at the same moment', async () => {
    const business = await createUser('business');
    const [first, second] = await Promise.all([createCreator(), createCreator()]);
    const { bountyId, escrowPaymentId } = await createActiveBounty(business);
    const ids = [
      await submitContent(bountyId, first, [await publishContent()]),
      await submitContent(bountyId, second, [await publishContent()]),
    ];
    for (const id of ids) {
      await waitForDoc(`submissions/${id}`, (s) => s.status === 'verified', `${id} verified`);
    }

    await Promise.all(
      ids.map((id) => testDb().collection('submissions').doc(id).update({ status: 'approved' })),
    );
    await waitForDoc(`escrowPayments/${escrowPaymentId}`, (e) => e.status === 'released', 'paid');
    const declined = await waitFor(async () => {
      const docs = await Promise.all(
        ids.map((id) => testDb().collection('submissions').doc(id).get()),
      );
      const refused = docs.filter((doc) => doc.get('status') === 'declined');
      return refused.length === 1 ? refused[0] : undefined;
    });

    expect(declined.get('approvalRefusal.reason')).toBe('bounty_already_awarded');
    expect(await transfersInGroup(bountyId)).toHaveLength(1);
  });

  it('expires an overdue bounty in the sweep and refunds its escrow exactly once', async () => {
    const business = await createUser('business');
    const { bountyId, escrowPaymentId, paymentIntentId } = await createActiveBounty(business, {
      rewardCents: 3_100,
    });
    await makeBountyOverdue(bountyId, escrowPaymentId);

    const [firstRun, secondRun] = [await runSweep(testServices()), await runSweep(testServices())];
    await waitForDoc(`escrowPayments/${escrowPaymentId}`, (e) => e.status === 'refunded', 'refund');
    await runSweep(testServices());

    expect(firstRun.bountiesExpired).toBeGreaterThanOrEqual(1);
    expect(secondRun.refundsEnqueued).toBeGreaterThanOrEqual(0);
    expect((await testDb().collection('bounties').doc(bountyId).get()).get('status')).toBe(
      'expired',
    );
    const refunds = await refundsFor(paymentIntentId);
    expect(refunds).toHaveLength(1);
    expect(refunds[0]?.amount).toBe(3_100);
    expect(await auditEntries(`escrowPayments/${escrowPaymentId}`, 'escrow_refunded')).toHaveLength(
      1,
    );
    await waitFor(async () =>
      (await notificationKinds(business.uid)).refund_issued ? true : undefined,
    );
  });

  it('refuses funding by anyone but the owner and without sign-in', async () => {
    const owner = await createUser('business');
    const stranger = await createUser('business');
    const bountyId = `bounty-${Date.now()}`;
    await testDb()
      .collection('bounties')
      .doc(bountyId)
      .set({ ...(await import('../support/builders')).buildBounty({ businessId: owner.uid }) });

    const anonymous = await callFunction('createBountyFunding', { bountyId });
    const foreign = await callFunction('createBountyFunding', { bountyId }, stranger);
    const malformed = await callFunction('createBountyFunding', { bountyId: 'a/b' }, owner);
    const twice = [
      await callFunction<{ paymentIntentId: string }>('createBountyFunding', { bountyId }, owner),
      await callFunction<{ paymentIntentId: string }>('createBountyFunding', { bountyId }, owner),
    ];

    expect(anonymous.error?.status).toBe('UNAUTHENTICATED');
    expect(foreign.error?.status).toBe('PERMISSION_DENIED');
    expect(malformed.error?.status).toBe('INVALID_ARGUMENT');
    expect(twice[0]?.result?.paymentIntentId).toMatch(/^pi_/);
    expect(twice[1]?.result?.paymentIntentId).toBe(twice[0]?.result?.paymentIntentId);
  });
});
