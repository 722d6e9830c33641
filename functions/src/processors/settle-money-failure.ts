/**
 * What a failed Stripe call means for the escrow that was being moved, shared by releases and
 * refunds: a transient failure gives the claim back so the retry can claim again at once; a
 * permanent one fails the escrow (with an audit entry) and raises an operator alert.
 */
import { isAppError, summarizeError } from '../domain/errors';
import type { Escrow, EscrowStatus } from '../domain/escrow';
import type { AuditKind } from './audit-log';
import { ESCROW_PAYMENTS, escrowRef, markEscrowFailed, releaseClaim } from './escrow-store';
import { raiseOperatorAlert } from './operator-alerts';
import type { Services } from './types';

export interface MoneyMovement {
  claimed: 'releasing' | 'refunding';
  /** Where a transient failure puts the escrow back. */
  backTo: EscrowStatus;
  auditKind: AuditKind;
  alertKind: string;
}

/** Returns true when the failure was permanent and the escrow is now `failed`. */
export async function settleMoneyFailure(
  id: string,
  escrow: Escrow,
  error: unknown,
  movement: MoneyMovement,
  services: Services,
): Promise<boolean> {
  const { db, clock } = services;
  const summary = summarizeError(error);
  if (summary.retryable || !isAppError(error)) {
    await releaseClaim(
      db,
      escrowRef(db, id),
      movement.claimed,
      movement.backTo,
      summary,
      clock.now(),
    );
    return false;
  }

  const failure = { claimed: movement.claimed, auditKind: movement.auditKind, error: summary };
  await markEscrowFailed(db, id, escrow, failure, clock.now());
  await raiseOperatorAlert(
    db,
    {
      kind: movement.alertKind,
      subject: `${ESCROW_PAYMENTS}/${id}`,
      error: summary,
      details: {
        escrowPaymentId: id,
        bountyId: escrow.bountyId,
        businessId: escrow.businessId,
        creatorId: escrow.creatorId ?? null,
      },
    },
    clock.now(),
  );
  return true;
}
