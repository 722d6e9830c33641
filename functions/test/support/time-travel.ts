/**
 * Moves a funded bounty's deadline into the past, as the passing of time would: the bounty, its
 * escrow's copy of the deadline, and the escrow's deadline timer.
 */
import { Timestamp, type Firestore } from 'firebase-admin/firestore';

import { scheduleEscrowTimer } from '../../src/processors/escrow-timer-store';
import { testDb } from './emulator';

export async function makeBountyOverdue(
  bountyId: string,
  escrowPaymentId: string,
  db: Firestore = testDb(),
): Promise<void> {
  const past = new Date(Date.now() - 60_000);
  const batch = db.batch();
  batch.update(db.collection('bounties').doc(bountyId), { deadline: Timestamp.fromDate(past) });
  batch.update(db.collection('escrowPayments').doc(escrowPaymentId), {
    bountyDeadline: Timestamp.fromDate(past),
  });
  scheduleEscrowTimer(batch, db, { escrowPaymentId, kind: 'deadline', dueAt: past });
  await batch.commit();
}
