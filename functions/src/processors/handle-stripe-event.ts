/**
 * Applies a verified Stripe webhook event, once per event id.
 *
 * Stripe delivers webhooks at least once and may deliver them out of order
 * (https://docs.stripe.com/webhooks#handle-duplicate-events), so each event is recorded in
 * `processedEvents/{eventId}` in the same transaction as its effect: a redelivery finds the
 * marker and changes nothing. Markers expire through a TTL policy after Stripe's retry window.
 */
import * as logger from 'firebase-functions/logger';
import { Timestamp, type Firestore, type Transaction } from 'firebase-admin/firestore';

import type { WebhookEvent } from '../adapters/payment-gateway';
import { deriveDocId } from '../domain/ids';
import { expiryFrom } from '../runtime/task-records';
import { appendAudit } from './audit-log';
import { ESCROW_PAYMENTS } from './escrow-store';
import { scheduleEscrowTimer } from './escrow-timer-store';
import type { Services } from './types';

export const PROCESSED_EVENTS = 'processedEvents';

/** The only event types the webhook acts on; anything else is acknowledged and ignored. */
export const HANDLED_STRIPE_EVENTS = [
  'payment_intent.succeeded',
  'payment_intent.payment_failed',
] as const;

export type StripeEventOutcome = 'handled' | 'duplicate' | 'ignored';

interface IntentFields {
  id: string;
  amount: number;
  currency: string;
  chargeId: string | null;
  bountyId: string | null;
  failureCode: string | null;
  failureMessage: string | null;
}

function readIntent(object: Record<string, unknown>): IntentFields {
  const metadata = (object.metadata ?? {}) as Record<string, unknown>;
  const charge = object.latest_charge;
  const failure = (object.last_payment_error ?? null) as Record<string, unknown> | null;
  const received = object.amount_received;
  return {
    id: String(object.id ?? ''),
    amount: typeof received === 'number' && received > 0 ? received : Number(object.amount ?? 0),
    currency: String(object.currency ?? ''),
    chargeId: typeof charge === 'string' ? charge : null,
    bountyId: typeof metadata.bountyId === 'string' ? metadata.bountyId : null,
    failureCode: typeof failure?.code === 'string' ? failure.code : null,
    failureMessage: typeof failure?.message === 'string' ? failure.message : null,
  };
}

export function escrowIdFor(paymentIntentId: string): string {
  return deriveDocId('escrow', paymentIntentId);
}

export async function handleStripeEvent(
  event: WebhookEvent,
  services: Services,
): Promise<StripeEventOutcome> {
  if (!(HANDLED_STRIPE_EVENTS as readonly string[]).includes(event.type)) return 'ignored';
  const { db, clock } = services;
  const intent = readIntent(event.object);

  const result = await db.runTransaction(async (tx) => {
    const marker = db.collection(PROCESSED_EVENTS).doc(event.id);
    if ((await tx.get(marker)).exists) return { outcome: 'duplicate' as const, note: '' };
    const note =
      event.type === 'payment_intent.succeeded'
        ? await applyPaymentSucceeded(tx, db, intent, clock.now())
        : await applyPaymentFailed(tx, db, intent, clock.now());
    tx.set(marker, {
      type: event.type,
      objectId: intent.id,
      note,
      handledAt: Timestamp.fromDate(clock.now()),
      expireAt: expiryFrom(clock.now()),
    });
    return { outcome: 'handled' as const, note };
  });

  logger.info('stripe.event', { eventId: event.id, eventType: event.type, ...result });
  if (result.note === 'duplicate_payment') await enqueueDuplicateRefund(intent, services);
  return result.outcome;
}

/**
 * Creates the `held` escrow and activates the bounty. A payment for a bounty that already has
 * its escrow (the business paid twice) is still recorded as an escrow of its own, then refunded.
 */
async function applyPaymentSucceeded(
  tx: Transaction,
  db: Firestore,
  intent: IntentFields,
  now: Date,
): Promise<string> {
  if (!intent.bountyId) return 'no_bounty_metadata';
  const bountyRef = db.collection('bounties').doc(intent.bountyId);
  const escrowId = escrowIdFor(intent.id);
  const escrowRef = db.collection(ESCROW_PAYMENTS).doc(escrowId);
  const [bounty, existing] = await Promise.all([tx.get(bountyRef), tx.get(escrowRef)]);
  if (!bounty.exists) return 'bounty_missing';
  if (existing.exists) return 'escrow_exists';

  const fundable = ['draft', 'funding'].includes(bounty.get('status'));
  const duplicate = !fundable || Boolean(bounty.get('escrowPaymentId'));
  tx.create(escrowRef, {
    bountyId: intent.bountyId,
    businessId: bounty.get('businessId'),
    amountCents: intent.amount,
    currency: intent.currency,
    paymentIntentId: intent.id,
    chargeId: intent.chargeId,
    status: 'held',
    bountyDeadline: bounty.get('deadline') ?? null,
    moneyAttempts: 0,
    createdAt: Timestamp.fromDate(now),
    updatedAt: Timestamp.fromDate(now),
  });
  const deadline = bounty.get('deadline') as Timestamp | undefined;
  scheduleEscrowTimer(tx, db, {
    escrowPaymentId: escrowId,
    kind: 'deadline',
    // A duplicate payment is refunded at once; its timer is the safety net for that refund.
    dueAt: duplicate || !deadline ? now : deadline.toDate(),
  });
  if (!duplicate) {
    tx.update(bountyRef, {
      status: 'active',
      escrowPaymentId: escrowId,
      fundedAt: Timestamp.fromDate(now),
      fundingError: null,
      updatedAt: Timestamp.fromDate(now),
    });
  }
  appendAudit(
    tx,
    db,
    {
      kind: 'escrow_held',
      subject: `${ESCROW_PAYMENTS}/${escrowId}`,
      actor: 'stripe',
      amountCents: intent.amount,
      currency: intent.currency,
      stripeObjectId: intent.id,
      details: { bountyId: intent.bountyId, chargeId: intent.chargeId, duplicate },
    },
    now,
  );
  return duplicate ? 'duplicate_payment' : 'escrow_held';
}

async function applyPaymentFailed(
  tx: Transaction,
  db: Firestore,
  intent: IntentFields,
  now: Date,
): Promise<string> {
  if (!intent.bountyId) return 'no_bounty_metadata';
  const bountyRef = db.collection('bounties').doc(intent.bountyId);
  const bounty = await tx.get(bountyRef);
  if (!bounty.exists) return 'bounty_missing';
  // The intent can still succeed with another payment method, so the bounty stays `funding`.
  tx.update(bountyRef, {
    fundingError: {
      paymentIntentId: intent.id,
      code: intent.failureCode ?? 'payment_failed',
      message: intent.failureMessage ?? 'The payment failed.',
      at: Timestamp.fromDate(now),
    },
    updatedAt: Timestamp.fromDate(now),
  });
  return 'funding_failed';
}

async function enqueueDuplicateRefund(intent: IntentFields, services: Services): Promise<void> {
  const escrowPaymentId = escrowIdFor(intent.id);
  await services.enqueue({
    type: 'escrow_refund',
    dedupeKey: `refund:${escrowPaymentId}`,
    context: { userId: null, operation: 'stripe.duplicate_payment' },
    payload: { escrowPaymentId, reason: 'duplicate_payment' },
  });
}
