/**
 * The invariants the soak test checks once everything has drained, each returned as a count of
 * violations with examples, so the test can print them all before asserting.
 */
import type { Firestore } from 'firebase-admin/firestore';

import type { StripeStateSnapshot } from '../../tools/stand-ins/stripe';
import type { SoakLifecycle } from './soak-lifecycle';

export interface InvariantResult {
  name: string;
  checked: number;
  violations: string[];
}

function result(name: string, checked: number, violations: string[]): InvariantResult {
  return { name, checked, violations };
}

export function moneyBalances(lifecycles: SoakLifecycle[], stripe: StripeStateSnapshot) {
  const violations: string[] = [];
  for (const lifecycle of lifecycles) {
    const transfers = stripe.transfers.filter((t) => t.transfer_group === lifecycle.bountyId);
    const refunds = stripe.refunds.filter((r) => r.payment_intent === lifecycle.paymentIntentId);
    const moved = [...transfers, ...refunds].reduce((sum, item) => sum + item.amount, 0);
    if (moved !== lifecycle.fundedCents) {
      violations.push(`${lifecycle.bountyId}: moved ${moved} of ${lifecycle.fundedCents}`);
    }
  }
  return result('transfers + refunds = funded amount, per bounty', lifecycles.length, violations);
}

export function noDoubleMovement(lifecycles: SoakLifecycle[], stripe: StripeStateSnapshot) {
  const violations: string[] = [];
  for (const lifecycle of lifecycles) {
    const transfers = stripe.transfers.filter((t) => t.transfer_group === lifecycle.bountyId);
    const refunds = stripe.refunds.filter((r) => r.payment_intent === lifecycle.paymentIntentId);
    if (transfers.length > 1 || refunds.length > 1 || transfers.length + refunds.length !== 1) {
      violations.push(
        `${lifecycle.bountyId}: ${transfers.length} transfers, ${refunds.length} refunds`,
      );
    }
  }
  return result(
    'no transfer or refund twice (exactly one movement)',
    lifecycles.length,
    violations,
  );
}

export async function escrowsTerminal(db: Firestore) {
  const escrows = await db.collection('escrowPayments').get();
  const violations = escrows.docs
    .filter((doc) => !['released', 'refunded', 'failed'].includes(doc.get('status')))
    .map((doc) => `${doc.id}: ${doc.get('status')}`);
  return result('no escrow left non-terminal', escrows.size, violations);
}

export async function deadLettersExplained(db: Firestore) {
  const letters = await db.collection('deadLetters').get();
  const violations = letters.docs
    .filter((doc) => !doc.get('error.code') || !doc.get('error.message'))
    .map((doc) => doc.id);
  return result('every dead letter carries a reason', letters.size, violations);
}

/** One in-app document, one mail document and one push per notification that was sent. */
export async function notificationsOnce(db: Firestore) {
  const [inApp, mail, pushes] = await Promise.all([
    db.collectionGroup('notifications').get(),
    db.collection('mail').get(),
    db.collection('emulatorPushLog').get(),
  ]);
  const pushCounts = new Map<string, number>();
  for (const push of pushes.docs) {
    const id = String(push.get('data.notificationId'));
    pushCounts.set(id, (pushCounts.get(id) ?? 0) + 1);
  }
  const mailIds = new Set(mail.docs.map((doc) => doc.id));
  const violations: string[] = [];
  for (const doc of inApp.docs) {
    if (!mailIds.has(doc.id)) violations.push(`${doc.id}: no mail`);
    if (pushCounts.get(doc.id) !== 1)
      violations.push(`${doc.id}: ${pushCounts.get(doc.id) ?? 0} pushes`);
  }
  if (mail.size !== inApp.size)
    violations.push(`${mail.size} mails for ${inApp.size} notifications`);
  return result('every notification exactly once (in-app, mail, push)', inApp.size, violations);
}
