import { createHmac } from 'node:crypto';

/**
 * Builds a `Stripe-Signature` header value for `payload`, in the format the official
 * `stripe.webhooks.constructEvent` verifies: `t=<unix seconds>,v1=<hex HMAC-SHA256 of
 * "<t>.<payload>" keyed by the endpoint secret>`.
 *
 * @param payload - The exact request body that will be sent; any re-serialisation breaks the signature.
 * @param secret - The webhook endpoint secret (`whsec_...`), used verbatim as the HMAC key.
 * @param timestampSeconds - Signing time; defaults to now. Pass an old value to test tolerance checks.
 */
export function signWebhookPayload(
  payload: string,
  secret: string,
  timestampSeconds: number = Math.floor(Date.now() / 1000),
): string {
  const signature = createHmac('sha256', secret)
    .update(`${timestampSeconds}.${payload}`, 'utf8')
    .digest('hex');
  return `t=${timestampSeconds},v1=${signature}`;
}
