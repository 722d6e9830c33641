import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import Stripe from 'stripe';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import {
  failPaymentIntent,
  getStripeState,
  resetStripe,
  setStripeWebhook,
  succeedPaymentIntent,
} from '../../../tools/stand-ins/admin-client';
import { signWebhookPayload, startStripeStandIn } from '../../../tools/stand-ins/stripe';
import { createStripeClient } from './stripe-test-helpers';

const SECRET = 'whsec_unit_webhook_secret';
const sdk = new Stripe('sk_test_webhook_only');

describe('signWebhookPayload', () => {
  const payload = JSON.stringify({
    id: 'evt_1',
    object: 'event',
    type: 'payment_intent.succeeded',
  });

  it('produces a header the official SDK accepts', () => {
    const header = signWebhookPayload(payload, SECRET);
    expect(header).toMatch(/^t=\d+,v1=[0-9a-f]{64}$/);
    const event = sdk.webhooks.constructEvent(payload, header, SECRET);
    expect(event.id).toBe('evt_1');
  });

  it('is rejected for a tampered payload, a wrong secret and a stale timestamp', () => {
    const header = signWebhookPayload(payload, SECRET);
    const tampered = payload.replace('evt_1', 'evt_2');
    expect(() => sdk.webhooks.constructEvent(tampered, header, SECRET)).toThrow(
      Stripe.errors.StripeSignatureVerificationError,
    );
    expect(() => sdk.webhooks.constructEvent(payload, header, 'whsec_other')).toThrow(
      Stripe.errors.StripeSignatureVerificationError,
    );
    const stale = signWebhookPayload(payload, SECRET, Math.floor(Date.now() / 1000) - 600);
    expect(() => sdk.webhooks.constructEvent(payload, stale, SECRET)).toThrow(/tolerance/);
  });
});

describe('payment outcome simulation', () => {
  type Received = { body: string; signature: string; contentType: string };
  const received: Received[] = [];
  let receiverStatus = 200;
  let receiver: Server;
  let receiverUrl: string;
  let standIn: Awaited<ReturnType<typeof startStripeStandIn>>;

  beforeAll(async () => {
    receiver = createServer((req, res) => {
      const chunks: Buffer[] = [];
      req.on('data', (chunk: Buffer) => chunks.push(chunk));
      req.on('end', () => {
        received.push({
          body: Buffer.concat(chunks).toString('utf8'),
          signature: String(req.headers['stripe-signature']),
          contentType: String(req.headers['content-type']),
        });
        res.writeHead(receiverStatus).end();
      });
    });
    await new Promise<void>((resolve) => receiver.listen(0, '127.0.0.1', resolve));
    receiverUrl = `http://127.0.0.1:${(receiver.address() as AddressInfo).port}/stripeWebhook`;
    standIn = await startStripeStandIn({ webhookSecret: SECRET, webhookUrl: receiverUrl });
  });

  afterAll(async () => {
    await standIn.close();
    await new Promise<void>((resolve) => receiver.close(() => resolve()));
  });

  afterEach(async () => {
    received.length = 0;
    receiverStatus = 200;
    await resetStripe(standIn.url);
  });

  it('succeeds an intent, creates its charge and delivers a verifiable signed event', async () => {
    const stripe = createStripeClient(standIn.port);
    const intent = await stripe.paymentIntents.create({
      amount: 4200,
      currency: 'usd',
      metadata: { bountyId: 'b42' },
    });
    const result = await succeedPaymentIntent(standIn.url, intent.id);
    expect(result.webhook).toEqual({ url: receiverUrl, status: 200 });
    expect(received).toHaveLength(1);
    expect(received[0].contentType).toMatch(/^application\/json/);
    const event = sdk.webhooks.constructEvent(received[0].body, received[0].signature, SECRET);
    expect(event.id).toBe(result.event.id);
    expect(event.type).toBe('payment_intent.succeeded');
    const object = event.data.object as Stripe.PaymentIntent;
    expect(object).toMatchObject({
      id: intent.id,
      status: 'succeeded',
      amount_received: 4200,
      metadata: { bountyId: 'b42' },
    });
    expect(object.latest_charge).toMatch(/^ch_/);
    const retrieved = await stripe.paymentIntents.retrieve(intent.id);
    expect(retrieved.latest_charge).toBe(object.latest_charge);
    expect(event.api_version).toBe(String(stripe.getApiField('version')));
  });

  it('reports the webhook status and a failed payment event; refuses to settle twice', async () => {
    receiverStatus = 500;
    const stripe = createStripeClient(standIn.port);
    const intent = await stripe.paymentIntents.create({ amount: 100, currency: 'usd' });
    const failed = await failPaymentIntent(standIn.url, intent.id);
    expect(failed.event.type).toBe('payment_intent.payment_failed');
    expect(failed.event.data.object.last_payment_error?.code).toBe('card_declined');
    expect(failed.webhook?.status).toBe(500);
    await succeedPaymentIntent(standIn.url, intent.id);
    await expect(succeedPaymentIntent(standIn.url, intent.id)).rejects.toThrow(/409/);
    const events = (await getStripeState(standIn.url)).events;
    expect(events.map((event) => event.type)).toEqual([
      'payment_intent.payment_failed',
      'payment_intent.succeeded',
    ]);
  });

  it('records the event without delivery when no webhook URL is set', async () => {
    await setStripeWebhook(standIn.url, undefined);
    const stripe = createStripeClient(standIn.port);
    const intent = await stripe.paymentIntents.create({ amount: 100, currency: 'usd' });
    const result = await succeedPaymentIntent(standIn.url, intent.id);
    expect(result.webhook).toBeNull();
    expect(received).toHaveLength(0);
    expect((await getStripeState(standIn.url)).events).toHaveLength(1);
  });
});
