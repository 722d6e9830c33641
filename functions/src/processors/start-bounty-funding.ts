/**
 * Funding a draft bounty: moves it to `funding` and creates the Stripe PaymentIntent the client
 * confirms. Safe to call again: the intent is created with an idempotency key derived from the
 * bounty id and remembered on the bounty, so a retry returns the same intent.
 */
import { Timestamp } from 'firebase-admin/firestore';

import { PermanentError } from '../domain/errors';
import { bountySchema } from '../domain/bounty';
import { fundingIdempotencyKey } from '../domain/escrow';
import { describeIssues } from '../domain/payloads';
import type { Services } from './types';

export interface FundingResult {
  bountyId: string;
  paymentIntentId: string;
  clientSecret: string | null;
  amountCents: number;
  currency: string;
}

/** Error codes the callable maps to HTTPS error statuses. */
export type FundingErrorCode =
  | 'bounty_not_found'
  | 'not_bounty_owner'
  | 'bounty_invalid'
  | 'bounty_not_fundable'
  | 'deadline_passed';

function fail(code: FundingErrorCode, message: string): never {
  throw new PermanentError(code, message);
}

export async function startBountyFunding(
  bountyId: string,
  callerUid: string,
  services: Services,
): Promise<FundingResult> {
  const { db, clock } = services;
  const ref = db.collection('bounties').doc(bountyId);

  const bounty = await db.runTransaction(async (tx) => {
    const snapshot = await tx.get(ref);
    if (!snapshot.exists) fail('bounty_not_found', `bounty ${bountyId} does not exist`);
    const parsed = bountySchema.safeParse(snapshot.data());
    if (!parsed.success)
      fail('bounty_invalid', `bounty is invalid: ${describeIssues(parsed.error)}`);
    const data = parsed.data;
    if (data.businessId !== callerUid) fail('not_bounty_owner', 'only the owner can fund it');
    if (!['draft', 'funding'].includes(data.status)) {
      fail('bounty_not_fundable', `a ${data.status} bounty cannot be funded`);
    }
    if (data.deadline.toDate().getTime() <= clock.now().getTime()) {
      fail('deadline_passed', 'the bounty deadline has passed');
    }
    if (data.status === 'draft') {
      tx.update(ref, { status: 'funding', updatedAt: Timestamp.fromDate(clock.now()) });
    }
    return { ...data, paymentIntentId: snapshot.get('paymentIntentId') as string | undefined };
  });

  const payments = await services.payments();
  const intent = bounty.paymentIntentId
    ? await payments.retrievePaymentIntent(bounty.paymentIntentId)
    : await payments.createPaymentIntent({
        amountCents: bounty.rewardCents,
        currency: bounty.currency,
        transferGroup: bountyId,
        metadata: { bountyId, businessId: bounty.businessId },
        idempotencyKey: fundingIdempotencyKey(bountyId),
      });
  if (!bounty.paymentIntentId) {
    await ref.update({ paymentIntentId: intent.id, updatedAt: Timestamp.fromDate(clock.now()) });
  }
  return {
    bountyId,
    paymentIntentId: intent.id,
    clientSecret: intent.clientSecret,
    amountCents: intent.amount,
    currency: intent.currency,
  };
}
