/**
 * `escrow_release`: pays the approved creator from the platform balance, exactly once.
 *
 * 1. Claim: in a transaction, `release_scheduled` → `releasing` with a lease.
 * 2. Pay: outside the transaction, one Stripe transfer with an idempotency key derived from the
 *    escrow id, `transfer_group` = bounty id and `source_transaction` = the funding charge (so
 *    the transfer does not wait for the platform's available balance).
 * 3. Record: in a transaction, `releasing` → `released` with the transfer id, the bounty
 *    `completed`, an audit entry. Then the notifications and analytics, all idempotent.
 *
 * A claim that finds an expired lease, or any claim after an earlier attempt, first asks Stripe
 * for transfers in the bounty's transfer group: a transfer made by a crashed attempt is recorded
 * instead of a second one made (Stripe forgets idempotency keys after 24 hours; this does not).
 */
import * as logger from 'firebase-functions/logger';
import { Timestamp, type Firestore } from 'firebase-admin/firestore';

import type { TransferInfo } from '../adapters/payment-gateway';
import { PermanentError, TransientError } from '../domain/errors';
import { decideRelease, releaseIdempotencyKey, type Escrow } from '../domain/escrow';
import { deriveDocId } from '../domain/ids';
import { notificationTask } from '../domain/notifications';
import { appendAudit } from './audit-log';
import { ESCROW_PAYMENTS, claimWithLease, escrowRef, readEscrow } from './escrow-store';
import { settleMoneyFailure, type MoneyMovement } from './settle-money-failure';
import type { Processor, Services } from './types';

export const releaseEscrow: Processor<'escrow_release'> = async (payload, _run, services) => {
  const { db, clock } = services;
  const id = payload.escrowPaymentId;
  const ref = escrowRef(db, id);

  const { decision, escrow } = await db.runTransaction(async (tx) => {
    const current = await readEscrow(tx, ref);
    const next = decideRelease(current, clock.now().getTime());
    if (next === 'claim' || next === 'reconcile') claimWithLease(tx, ref, 'releasing', clock.now());
    return { decision: next, escrow: current };
  });
  const log = { escrowPaymentId: id, bountyId: escrow.bountyId, decision };

  if (decision === 'already_done') return enqueueFollowUps(id, escrow, services);
  if (decision === 'not_due' || decision === 'not_applicable') {
    logger.info('escrow.release_skipped', { ...log, status: escrow.status });
    return;
  }
  if (decision === 'busy') {
    // Another attempt holds the lease: retry later, when it has finished or its lease expired.
    throw new TransientError('release_in_progress', `escrow payment ${id} is being released`);
  }

  const transfer = await findOrMakeTransfer(id, escrow, decision === 'reconcile', services);
  await recordReleased(db, id, escrow, transfer, clock.now());
  logger.info('escrow.released', {
    ...log,
    transferId: transfer.id,
    amountCents: escrow.amountCents,
  });
  await enqueueFollowUps(id, { ...escrow, transferId: transfer.id }, services);
};

async function findOrMakeTransfer(
  id: string,
  escrow: Escrow,
  leaseExpired: boolean,
  services: Services,
): Promise<TransferInfo> {
  const payments = await services.payments();
  try {
    if (leaseExpired || escrow.moneyAttempts > 0) {
      const existing = (await payments.listTransfersByGroup(escrow.bountyId)).find(
        (transfer) => transfer.metadata.escrowPaymentId === id,
      );
      if (existing) {
        logger.info('escrow.release_reconciled', { escrowPaymentId: id, transferId: existing.id });
        return existing;
      }
    }
    return await payments.createTransfer({
      amountCents: escrow.amountCents,
      currency: escrow.currency,
      destination: requireField(escrow.connectAccountId, 'connectAccountId', id),
      transferGroup: escrow.bountyId,
      sourceTransaction: escrow.chargeId ?? null,
      metadata: {
        escrowPaymentId: id,
        bountyId: escrow.bountyId,
        submissionId: escrow.submissionId ?? '',
      },
      idempotencyKey: releaseIdempotencyKey(id),
    });
  } catch (error) {
    await settleFailedTransfer(id, escrow, error, services);
    throw error;
  }
}

function requireField(value: string | null | undefined, field: string, id: string): string {
  if (!value) {
    throw new PermanentError('escrow_incomplete', `escrow payment ${id} has no ${field}`);
  }
  return value;
}

/** Transient: give the claim back for the retry. Permanent: fail the escrow and tell people. */
async function settleFailedTransfer(
  id: string,
  escrow: Escrow,
  error: unknown,
  services: Services,
) {
  const permanent = await settleMoneyFailure(id, escrow, error, RELEASE, services);
  if (!permanent) return;
  await services.enqueue(
    notificationTask('payout_failed', {
      userId: escrow.businessId,
      bountyId: escrow.bountyId,
      submissionId: escrow.submissionId ?? undefined,
      reason: 'the payment provider refused the transfer; our team has been alerted',
    }),
  );
}

const RELEASE: MoneyMovement = {
  claimed: 'releasing',
  backTo: 'release_scheduled',
  auditKind: 'escrow_release_failed',
  alertKind: 'payout_failed',
};

async function recordReleased(
  db: Firestore,
  id: string,
  escrow: Escrow,
  transfer: TransferInfo,
  now: Date,
): Promise<void> {
  const ref = escrowRef(db, id);
  const bountyRef = db.collection('bounties').doc(escrow.bountyId);
  await db.runTransaction(async (tx) => {
    const [current, bounty] = await Promise.all([tx.get(ref), tx.get(bountyRef)]);
    if (current.get('status') === 'released') return;
    tx.update(ref, {
      status: 'released',
      transferId: transfer.id,
      releasedAt: Timestamp.fromDate(now),
      leaseExpiresAt: null,
      lastError: null,
      updatedAt: Timestamp.fromDate(now),
    });
    if (bounty.exists && bounty.get('status') !== 'completed') {
      tx.update(bountyRef, { status: 'completed', updatedAt: Timestamp.fromDate(now) });
    }
    appendAudit(
      tx,
      db,
      {
        kind: 'escrow_released',
        subject: `${ESCROW_PAYMENTS}/${id}`,
        actor: 'system',
        amountCents: transfer.amount,
        currency: transfer.currency,
        stripeObjectId: transfer.id,
        details: {
          bountyId: escrow.bountyId,
          creatorId: escrow.creatorId,
          destination: transfer.destination,
          transferGroup: transfer.transferGroup,
        },
      },
      now,
    );
  });
}

/** Notifications and analytics of a release; safe to repeat (deterministic task ids). */
async function enqueueFollowUps(id: string, escrow: Escrow, services: Services): Promise<void> {
  const subject = {
    bountyId: escrow.bountyId,
    submissionId: escrow.submissionId ?? undefined,
    amountCents: escrow.amountCents,
    currency: escrow.currency,
  };
  const tasks = [
    notificationTask('bounty_completed', { ...subject, userId: escrow.businessId }),
    ...(escrow.creatorId
      ? [notificationTask('payout_sent', { ...subject, userId: escrow.creatorId })]
      : []),
  ];
  await Promise.all([
    ...tasks.map((task) => services.enqueue(task)),
    services.enqueue({
      type: 'analytics',
      dedupeKey: `escrow:${id}:released:analytics`,
      context: { userId: escrow.creatorId ?? null, operation: 'escrow.release' },
      payload: {
        eventId: deriveDocId('payout_released', id),
        event: 'payout_released',
        occurredAt: services.clock.now().toISOString(),
        bountyId: escrow.bountyId,
        submissionId: escrow.submissionId ?? undefined,
        userId: escrow.creatorId ?? undefined,
        amountCents: escrow.amountCents,
      },
    }),
  ]);
}
