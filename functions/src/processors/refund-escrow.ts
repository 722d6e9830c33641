/**
 * `escrow_refund`: returns a held escrow to the business (bounty expired or cancelled), exactly
 * once, with the same discipline as a release: claim `held` → `refunding` with a lease in a
 * transaction, one Stripe refund with an idempotency key from the escrow id, record `refunded`.
 * A retry after an earlier attempt first lists the intent's refunds at Stripe and records the one
 * a crashed attempt made.
 */
import * as logger from 'firebase-functions/logger';
import { Timestamp, type Firestore } from 'firebase-admin/firestore';

import type { RefundInfo } from '../adapters/payment-gateway';
import { TransientError } from '../domain/errors';
import { decideRefund, refundIdempotencyKey, type Escrow } from '../domain/escrow';
import { deriveDocId } from '../domain/ids';
import { notificationTask } from '../domain/notifications';
import { appendAudit } from './audit-log';
import { ESCROW_PAYMENTS, claimWithLease, escrowRef, readEscrow } from './escrow-store';
import { settleMoneyFailure, type MoneyMovement } from './settle-money-failure';
import type { Processor, Services } from './types';

export const refundEscrow: Processor<'escrow_refund'> = async (payload, _run, services) => {
  const { db, clock } = services;
  const id = payload.escrowPaymentId;
  const ref = escrowRef(db, id);

  const { decision, escrow } = await db.runTransaction(async (tx) => {
    const current = await readEscrow(tx, ref);
    const next = decideRefund(current, clock.now().getTime());
    if (next === 'claim' || next === 'reconcile') claimWithLease(tx, ref, 'refunding', clock.now());
    return { decision: next, escrow: current };
  });
  const log = { escrowPaymentId: id, bountyId: escrow.bountyId, decision, reason: payload.reason };

  if (decision === 'already_done') return enqueueFollowUps(id, escrow, services);
  if (decision === 'not_due' || decision === 'not_applicable') {
    logger.info('escrow.refund_skipped', { ...log, status: escrow.status });
    return;
  }
  if (decision === 'busy') {
    throw new TransientError('refund_in_progress', `escrow payment ${id} is being refunded`);
  }

  const refund = await findOrMakeRefund(id, escrow, decision === 'reconcile', services);
  await recordRefunded(db, id, escrow, refund, payload.reason, clock.now());
  logger.info('escrow.refunded', { ...log, refundId: refund.id, amountCents: refund.amount });
  await enqueueFollowUps(id, escrow, services);
};

async function findOrMakeRefund(
  id: string,
  escrow: Escrow,
  leaseExpired: boolean,
  services: Services,
): Promise<RefundInfo> {
  const payments = await services.payments();
  try {
    if (leaseExpired || escrow.moneyAttempts > 0) {
      const existing = (await payments.listRefunds(escrow.paymentIntentId)).find(
        (refund) => refund.metadata.escrowPaymentId === id,
      );
      if (existing) {
        logger.info('escrow.refund_reconciled', { escrowPaymentId: id, refundId: existing.id });
        return existing;
      }
    }
    return await payments.createRefund({
      paymentIntentId: escrow.paymentIntentId,
      amountCents: escrow.amountCents,
      metadata: { escrowPaymentId: id, bountyId: escrow.bountyId },
      idempotencyKey: refundIdempotencyKey(id),
    });
  } catch (error) {
    await settleMoneyFailure(id, escrow, error, REFUND, services);
    throw error;
  }
}

const REFUND: MoneyMovement = {
  claimed: 'refunding',
  backTo: 'held',
  auditKind: 'escrow_refund_failed',
  alertKind: 'refund_failed',
};

async function recordRefunded(
  db: Firestore,
  id: string,
  escrow: Escrow,
  refund: RefundInfo,
  reason: string,
  now: Date,
): Promise<void> {
  const ref = escrowRef(db, id);
  await db.runTransaction(async (tx) => {
    const current = await tx.get(ref);
    if (current.get('status') === 'refunded') return;
    tx.update(ref, {
      status: 'refunded',
      refundId: refund.id,
      refundedAt: Timestamp.fromDate(now),
      leaseExpiresAt: null,
      lastError: null,
      updatedAt: Timestamp.fromDate(now),
    });
    appendAudit(
      tx,
      db,
      {
        kind: 'escrow_refunded',
        subject: `${ESCROW_PAYMENTS}/${id}`,
        actor: 'system',
        amountCents: refund.amount,
        currency: escrow.currency,
        stripeObjectId: refund.id,
        details: { bountyId: escrow.bountyId, businessId: escrow.businessId, reason },
      },
      now,
    );
  });
}

async function enqueueFollowUps(id: string, escrow: Escrow, services: Services): Promise<void> {
  await Promise.all([
    services.enqueue(
      notificationTask('refund_issued', {
        userId: escrow.businessId,
        bountyId: escrow.bountyId,
        amountCents: escrow.amountCents,
        currency: escrow.currency,
      }),
    ),
    services.enqueue({
      type: 'analytics',
      dedupeKey: `escrow:${id}:refunded:analytics`,
      context: { userId: escrow.businessId, operation: 'escrow.refund' },
      payload: {
        eventId: deriveDocId('refund_issued', id),
        event: 'refund_issued',
        occurredAt: services.clock.now().toISOString(),
        bountyId: escrow.bountyId,
        userId: escrow.businessId,
        amountCents: escrow.amountCents,
      },
    }),
  ]);
}
