import { generateId, nowSeconds, type StripeEvent, type StripePaymentIntent } from './objects';
import { signWebhookPayload } from './sign-webhook';

/** Outcome of POSTing one event to the configured webhook endpoint. */
export interface WebhookDelivery {
  url: string;
  /** HTTP status the endpoint answered, or null when it could not be reached. */
  status: number | null;
  error?: string;
}

/** Generous because the Functions emulator may cold-start the webhook function on first call. */
const DELIVERY_TIMEOUT_MS = 30_000;

/** Builds an event whose `data.object` is a snapshot, so later changes to the intent do not leak in. */
export function buildPaymentIntentEvent(
  type: StripeEvent['type'],
  intent: StripePaymentIntent,
  apiVersion: string | null,
  pendingWebhooks: number,
): StripeEvent {
  return {
    id: generateId('evt'),
    object: 'event',
    api_version: apiVersion,
    created: nowSeconds(),
    data: { object: structuredClone(intent) },
    livemode: false,
    pending_webhooks: pendingWebhooks,
    request: { id: null, idempotency_key: null },
    type,
  };
}

/** POSTs the event signed with `secret`, the way Stripe delivers webhooks. Never throws. */
export async function deliverEvent(
  event: StripeEvent,
  url: string,
  secret: string,
): Promise<WebhookDelivery> {
  // Stripe sends pretty-printed JSON; the signature covers these exact bytes.
  const payload = JSON.stringify(event, null, 2);
  try {
    const response = await fetch(url, {
      method: 'POST',
      headers: {
        'Content-Type': 'application/json; charset=utf-8',
        'Stripe-Signature': signWebhookPayload(payload, secret),
        'User-Agent': 'Stripe/1.0 (+https://stripe.com/docs/webhooks)',
      },
      body: payload,
      signal: AbortSignal.timeout(DELIVERY_TIMEOUT_MS),
    });
    await response.arrayBuffer();
    return { url, status: response.status };
  } catch (error) {
    return { url, status: null, error: error instanceof Error ? error.message : String(error) };
  }
}
