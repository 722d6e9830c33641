/**
 * The webhook's request handling, loaded on first request.
 */
import * as logger from 'firebase-functions/logger';
import type { Request } from 'firebase-functions/v2/https';
import type { Response } from 'express';

import type { WebhookEvent } from '../adapters/payment-gateway';
import { summarizeError } from '../domain/errors';
import { handleStripeEvent } from '../processors/handle-stripe-event';
import { getServices } from '../runtime/services';

export async function receiveStripeWebhook(
  request: Request,
  response: Response,
  toleranceSeconds: number,
): Promise<void> {
  if (request.method !== 'POST') {
    response.status(405).json({ error: 'method_not_allowed' });
    return;
  }
  const signature = request.header('stripe-signature');
  if (!signature || !request.rawBody) {
    response.status(400).json({ error: 'missing_signature' });
    return;
  }

  const services = getServices();
  let event: WebhookEvent;
  try {
    event = (await services.payments()).verifyWebhook(request.rawBody, signature, toleranceSeconds);
  } catch (error) {
    logger.warn('stripe.webhook_rejected', {
      errorCode: 'invalid_signature',
      error: String(error),
    });
    response.status(400).json({ error: 'invalid_signature' });
    return;
  }

  try {
    const outcome = await handleStripeEvent(event, services);
    response.status(200).json({ received: true, outcome });
  } catch (error) {
    const summary = summarizeError(error);
    if (summary.retryable) throw error;
    logger.warn('stripe.event_unprocessable', { eventId: event.id, errorCode: summary.code });
    response.status(200).json({ received: true, outcome: 'unprocessable', error: summary.code });
  }
}
