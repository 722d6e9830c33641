/**
 * Stripe webhook endpoint. Verifies the signature on the raw body and the timestamp (rejecting
 * replays older than five minutes) before reading anything, acknowledges event types it does not
 * handle, and applies the others once. A transient failure answers 500 so Stripe redelivers.
 */
import { onRequest, type Request } from 'firebase-functions/v2/https';
import type { Response } from 'express';

import { SENTRY_DSN, STRIPE_SECRET_KEY, STRIPE_WEBHOOK_SECRET } from '../config/params';
import { monitored } from '../monitoring/monitored';

/** Stripe's default tolerance: https://docs.stripe.com/webhooks#replay-attacks */
const SIGNATURE_TOLERANCE_SECONDS = 300;

export const stripeWebhook = onRequest(
  { secrets: [STRIPE_SECRET_KEY, STRIPE_WEBHOOK_SECRET, SENTRY_DSN], memory: '256MiB' },
  monitored(
    { function: 'stripeWebhook', trigger: 'webhook' },
    (request: Request, _response: Response) => ({ method: request.method }),
    async (request: Request, response: Response) => {
      const { receiveStripeWebhook } = await import('./receive-stripe-webhook');
      await receiveStripeWebhook(request, response, SIGNATURE_TOLERANCE_SECONDS);
    },
  ),
);
