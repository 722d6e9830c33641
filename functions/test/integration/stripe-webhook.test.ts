/**
 * The Stripe webhook function in the emulator: signature and freshness checks on the raw body,
 * allow-listed event types, and once-only handling of each event.
 */
import { describe, expect, it } from 'vitest';

import { signWebhookPayload } from '../../tools/stand-ins/stripe';
import { buildBounty } from '../support/builders';
import { FUNCTIONS_URL, testDb, uniqueId } from '../support/emulator';

const SECRET = process.env.STRIPE_WEBHOOK_SECRET ?? 'whsec_local_stand_in';

function event(type: string, object: Record<string, unknown>) {
  return JSON.stringify({
    id: uniqueId('evt'),
    object: 'event',
    type,
    created: Math.floor(Date.now() / 1000),
    api_version: '2025-01-01',
    livemode: false,
    data: { object },
  });
}

async function deliver(payload: string, signature: string | null) {
  const response = await fetch(`${FUNCTIONS_URL}/stripeWebhook`, {
    method: 'POST',
    headers: {
      'content-type': 'application/json',
      ...(signature ? { 'stripe-signature': signature } : {}),
    },
    body: payload,
  });
  return { status: response.status, body: (await response.json()) as Record<string, unknown> };
}

function succeededIntent(bountyId: string, amount = 5_000) {
  return {
    id: uniqueId('pi'),
    object: 'payment_intent',
    amount,
    amount_received: amount,
    currency: 'usd',
    status: 'succeeded',
    latest_charge: uniqueId('ch'),
    metadata: { bountyId },
  };
}

describe('stripe webhook', () => {
  it('rejects a bad signature with 400', async () => {
    const payload = event('payment_intent.succeeded', succeededIntent('b'));

    const wrongSecret = await deliver(payload, signWebhookPayload(payload, 'whsec_wrong'));
    const missing = await deliver(payload, null);
    const tampered = await deliver(
      payload.replace('"usd"', '"eur"'),
      signWebhookPayload(payload, SECRET),
    );

    expect([wrongSecret.status, missing.status, tampered.status]).toEqual([400, 400, 400]);
  });

  it('rejects a correctly signed event with a stale timestamp with 400', async () => {
    const payload = event('payment_intent.succeeded', succeededIntent('b'));
    const tenMinutesAgo = Math.floor(Date.now() / 1000) - 600;

    const stale = await deliver(payload, signWebhookPayload(payload, SECRET, tenMinutesAgo));

    expect(stale.status).toBe(400);
  });

  it('acknowledges and ignores an event type it does not handle', async () => {
    const payload = event('customer.created', { id: uniqueId('cus'), object: 'customer' });

    const answer = await deliver(payload, signWebhookPayload(payload, SECRET));

    expect(answer).toEqual({ status: 200, body: { received: true, outcome: 'ignored' } });
  });

  it('handles the same event delivered twice once', async () => {
    const bountyId = uniqueId('bounty');
    await testDb()
      .collection('bounties')
      .doc(bountyId)
      .set(buildBounty({ status: 'funding' }));
    const payload = event('payment_intent.succeeded', succeededIntent(bountyId));

    const first = await deliver(payload, signWebhookPayload(payload, SECRET));
    const second = await deliver(payload, signWebhookPayload(payload, SECRET));

    expect(first.body.outcome).toBe('handled');
    expect(second.body.outcome).toBe('duplicate');
    const escrows = await testDb()
      .collection('escrowPayments')
      .where('bountyId', '==', bountyId)
      .get();
    expect(escrows.size).toBe(1);
    expect(escrows.docs[0]?.get('status')).toBe('held');
    const bounty = await testDb().collection('bounties').doc(bountyId).get();
    expect(bounty.get('status')).toBe('active');
    expect(bounty.get('escrowPaymentId')).toBe(escrows.docs[0]?.id);
  });

  it('records a failed payment on the bounty', async () => {
    const bountyId = uniqueId('bounty');
    await testDb()
      .collection('bounties')
      .doc(bountyId)
      .set(buildBounty({ status: 'funding' }));
    const payload = event('payment_intent.payment_failed', {
      ...succeededIntent(bountyId),
      status: 'requires_payment_method',
      last_payment_error: { code: 'card_declined', message: 'Your card was declined.' },
    });

    const answer = await deliver(payload, signWebhookPayload(payload, SECRET));

    expect(answer.status).toBe(200);
    const bounty = await testDb().collection('bounties').doc(bountyId).get();
    expect(bounty.get('status')).toBe('funding');
    expect(bounty.get('fundingError.code')).toBe('card_declined');
  });
});
