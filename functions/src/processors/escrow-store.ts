/**
 * Reads and transitions of `escrowPayments/{id}` shared by the release and refund processors.
 */
import {
  FieldValue,
  Timestamp,
  type DocumentReference,
  type Firestore,
  type Transaction,
} from 'firebase-admin/firestore';

import { PermanentError, type ErrorSummary } from '../domain/errors';
import { MONEY_LEASE_MS, escrowSchema, type Escrow, type EscrowStatus } from '../domain/escrow';
import { describeIssues } from '../domain/payloads';
import { appendAudit, type AuditKind } from './audit-log';
import { scheduleEscrowTimer } from './escrow-timer-store';

export const ESCROW_PAYMENTS = 'escrowPayments';

export function escrowRef(db: Firestore, escrowPaymentId: string): DocumentReference {
  return db.collection(ESCROW_PAYMENTS).doc(escrowPaymentId);
}

export async function readEscrow(tx: Transaction, ref: DocumentReference): Promise<Escrow> {
  const snapshot = await tx.get(ref);
  if (!snapshot.exists) {
    throw new PermanentError('escrow_not_found', `escrow payment ${ref.id} does not exist`);
  }
  const parsed = escrowSchema.safeParse(snapshot.data());
  if (!parsed.success) {
    throw new PermanentError(
      'escrow_invalid',
      `escrow payment ${ref.id} is invalid: ${describeIssues(parsed.error)}`,
    );
  }
  return parsed.data;
}

/** Enters a money-moving state with an exclusive lease. */
export function claimWithLease(
  tx: Transaction,
  ref: DocumentReference,
  status: Extract<EscrowStatus, 'releasing' | 'refunding'>,
  now: Date,
): void {
  const leaseExpiresAt = new Date(now.getTime() + MONEY_LEASE_MS);
  tx.update(ref, {
    status,
    leaseExpiresAt: Timestamp.fromDate(leaseExpiresAt),
    moneyAttempts: FieldValue.increment(1),
    updatedAt: Timestamp.fromDate(now),
  });
  // If this attempt dies holding the lease, the sweep re-drives the escrow when it expires.
  scheduleEscrowTimer(tx, ref.firestore, {
    escrowPaymentId: ref.id,
    kind: 'lease',
    dueAt: leaseExpiresAt,
  });
}

/**
 * Gives a claim back after a transient failure, so the retry can claim again at once instead of
 * waiting out the lease. Only if we still hold it in the state we claimed.
 */
export async function releaseClaim(
  db: Firestore,
  ref: DocumentReference,
  claimed: Extract<EscrowStatus, 'releasing' | 'refunding'>,
  backTo: EscrowStatus,
  error: ErrorSummary,
  now: Date,
): Promise<void> {
  await db.runTransaction(async (tx) => {
    const snapshot = await tx.get(ref);
    if (snapshot.get('status') !== claimed) return;
    tx.update(ref, {
      status: backTo,
      leaseExpiresAt: null,
      lastError: { code: error.code, message: error.message, at: Timestamp.fromDate(now) },
      updatedAt: Timestamp.fromDate(now),
    });
  });
}

/**
 * Ends a money movement Stripe refused for good: the escrow becomes `failed` with the reason and
 * an audit entry, only if we still hold the claim.
 */
export async function markEscrowFailed(
  db: Firestore,
  id: string,
  escrow: Escrow,
  failure: { claimed: 'releasing' | 'refunding'; auditKind: AuditKind; error: ErrorSummary },
  now: Date,
): Promise<void> {
  const ref = escrowRef(db, id);
  const { code, message } = failure.error;
  await db.runTransaction(async (tx) => {
    const current = await tx.get(ref);
    if (current.get('status') !== failure.claimed) return;
    tx.update(ref, {
      status: 'failed',
      leaseExpiresAt: null,
      lastError: { code, message, at: Timestamp.fromDate(now) },
      updatedAt: Timestamp.fromDate(now),
    });
    appendAudit(
      tx,
      db,
      {
        kind: failure.auditKind,
        subject: `${ESCROW_PAYMENTS}/${id}`,
        actor: 'system',
        amountCents: escrow.amountCents,
        currency: escrow.currency,
        details: { errorCode: code, message, bountyId: escrow.bountyId },
      },
      now,
    );
  });
}
