/**
 * Writes escrow timers (see domain/escrow-timers.ts). Writers call it inside the same
 * transaction as the state change the timer belongs to, so a state that needs the sweep never
 * exists without its timer.
 */
import {
  Timestamp,
  type Firestore,
  type Transaction,
  type WriteBatch,
} from 'firebase-admin/firestore';

import { slotCollectionPath, slotOf, timerId, type TimerKind } from '../domain/escrow-timers';

export function timerRef(db: Firestore, slot: number, escrowPaymentId: string, kind: TimerKind) {
  return db.collection(slotCollectionPath(slot)).doc(timerId(escrowPaymentId, kind));
}

export function scheduleEscrowTimer(
  writer: Transaction | WriteBatch,
  db: Firestore,
  timer: { escrowPaymentId: string; kind: TimerKind; dueAt: Date },
): void {
  // A due time already past goes into the current slot: past slots may be cleared already.
  const slot = slotOf(Math.max(timer.dueAt.getTime(), Date.now()));
  const ref = timerRef(db, slot, timer.escrowPaymentId, timer.kind);
  const data = {
    escrowPaymentId: timer.escrowPaymentId,
    kind: timer.kind,
    dueAt: Timestamp.fromDate(timer.dueAt),
    slot,
  };
  // Two calls, not one on the union: Transaction.set and WriteBatch.set have different types.
  if ('getAll' in writer) writer.set(ref, data);
  else writer.set(ref, data);
}
