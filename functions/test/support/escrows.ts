/**
 * Escrow payments seeded directly, backed by real payment intents at the Stripe stand-in, for
 * tests that drive the release and refund processors in-process.
 */
import { Timestamp } from 'firebase-admin/firestore';

import { succeedPaymentIntent } from '../../tools/stand-ins/admin-client';
import { buildBounty } from './builders';
import { testDb, uniqueId } from './emulator';
import { STRIPE_URL, testServices } from './services';

export interface SeededEscrow {
  escrowPaymentId: string;
  bountyId: string;
  paymentIntentId: string;
  chargeId: string;
  accountId: string;
}

/** A succeeded intent (no bounty metadata, so the webhook ignores it) and its charge. */
export async function fundedIntent(amountCents: number) {
  const payments = await testServices().payments();
  const intent = await payments.createPaymentIntent({
    amountCents,
    currency: 'usd',
    transferGroup: uniqueId('group'),
    metadata: {},
    idempotencyKey: uniqueId('key'),
  });
  await succeedPaymentIntent(STRIPE_URL, intent.id);
  const settled = await payments.retrievePaymentIntent(intent.id);
  return { paymentIntentId: intent.id, chargeId: settled.latestChargeId ?? '' };
}

export async function seedEscrow(
  accountId: string,
  overrides: Record<string, unknown> = {},
  amountCents = 2_500,
): Promise<SeededEscrow> {
  const { paymentIntentId, chargeId } = await fundedIntent(amountCents);
  const bountyId = uniqueId('bounty');
  const escrowPaymentId = uniqueId('escrow');
  const db = testDb();
  await db
    .collection('bounties')
    .doc(bountyId)
    .set(buildBounty({ status: 'active', escrowPaymentId, rewardCents: amountCents }));
  await db
    .collection('escrowPayments')
    .doc(escrowPaymentId)
    .set({
      bountyId,
      businessId: 'business-1',
      amountCents,
      currency: 'usd',
      paymentIntentId,
      chargeId,
      status: 'release_scheduled',
      creatorId: 'creator-1',
      submissionId: uniqueId('submission'),
      connectAccountId: accountId,
      releaseAt: Timestamp.fromMillis(Date.now() - 1_000),
      moneyAttempts: 0,
      ...overrides,
    });
  return { escrowPaymentId, bountyId, paymentIntentId, chargeId, accountId };
}

export async function escrowStatus(escrowPaymentId: string) {
  return (await testDb().collection('escrowPayments').doc(escrowPaymentId).get()).data();
}
