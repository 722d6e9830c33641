/**
 * The {@link PaymentGateway} on Stripe's SDK. Imported lazily (see runtime/services.ts) so
 * functions that never move money do not load Stripe.
 *
 * The SDK's own network retries are off: Cloud Tasks owns retries, and every mutating call
 * carries an idempotency key so a retried task replays Stripe's first answer.
 */
import Stripe from 'stripe';

import { stripeApiBaseUrl } from '../config/endpoints';
import { STRIPE_SECRET_KEY, STRIPE_WEBHOOK_SECRET } from '../config/params';
import { recordMetric, withSpan } from '../monitoring/monitor';
import type {
  PaymentGateway,
  PaymentIntentInfo,
  RefundInfo,
  TransferInfo,
  WebhookEvent,
} from './payment-gateway';
import { classifyStripeError } from './stripe-errors';

export interface StripeGatewayOptions {
  secretKey?: string;
  webhookSecret?: string;
  /** Local stand-in base URL (emulator and tests only). */
  baseUrl?: string | null;
  timeoutMs?: number;
}

/** Most transfers or refunds one transfer group or intent can have; list calls read one page. */
const LIST_LIMIT = 100;

function clientOptions(baseUrl: string | null | undefined, timeoutMs: number) {
  const options: Record<string, unknown> = { maxNetworkRetries: 0, timeout: timeoutMs };
  if (baseUrl) {
    const url = new URL(baseUrl);
    options.host = url.hostname;
    options.port = Number(url.port || (url.protocol === 'https:' ? 443 : 80));
    options.protocol = url.protocol.replace(':', '');
  }
  return options;
}

function toIntent(intent: Stripe.PaymentIntent): PaymentIntentInfo {
  const charge = intent.latest_charge;
  return {
    id: intent.id,
    clientSecret: intent.client_secret,
    status: intent.status,
    amount: intent.amount,
    currency: intent.currency,
    latestChargeId: typeof charge === 'string' ? charge : (charge?.id ?? null),
    metadata: { ...intent.metadata },
  };
}

function toTransfer(transfer: Stripe.Transfer): TransferInfo {
  const destination = transfer.destination;
  return {
    id: transfer.id,
    amount: transfer.amount,
    currency: transfer.currency,
    destination: typeof destination === 'string' ? destination : (destination?.id ?? ''),
    transferGroup: transfer.transfer_group ?? null,
    metadata: { ...transfer.metadata },
  };
}

function toRefund(refund: Stripe.Refund): RefundInfo {
  const intent = refund.payment_intent;
  return {
    id: refund.id,
    amount: refund.amount,
    status: refund.status ?? 'unknown',
    paymentIntentId: typeof intent === 'string' ? intent : (intent?.id ?? null),
    metadata: { ...refund.metadata },
  };
}

/** Every Stripe request goes through here: classified errors, a span and a duration metric. */
async function call<T>(operation: string, request: () => Promise<T>): Promise<T> {
  const startedAt = performance.now();
  try {
    return await withSpan(`stripe ${operation}`, 'http.client', request);
  } catch (error) {
    throw classifyStripeError(error, operation);
  } finally {
    recordMetric('stripe.call.duration', performance.now() - startedAt, {
      unit: 'millisecond',
      tags: { operation },
    });
  }
}

export function createStripeGateway(options: StripeGatewayOptions = {}): PaymentGateway {
  const secretKey = options.secretKey ?? STRIPE_SECRET_KEY.value();
  const baseUrl = options.baseUrl === undefined ? stripeApiBaseUrl() : options.baseUrl;
  const stripe = new Stripe(secretKey, clientOptions(baseUrl, options.timeoutMs ?? 20_000));
  const webhookSecret = () => options.webhookSecret ?? STRIPE_WEBHOOK_SECRET.value();

  return {
    createPaymentIntent: (input) =>
      call('payment_intents.create', async () =>
        toIntent(
          await stripe.paymentIntents.create(
            {
              amount: input.amountCents,
              currency: input.currency,
              transfer_group: input.transferGroup,
              metadata: input.metadata,
              automatic_payment_methods: { enabled: true },
            },
            { idempotencyKey: input.idempotencyKey },
          ),
        ),
      ),
    retrievePaymentIntent: (id) =>
      call('payment_intents.retrieve', async () =>
        toIntent(await stripe.paymentIntents.retrieve(id)),
      ),
    createTransfer: (input) =>
      call('transfers.create', async () =>
        toTransfer(
          await stripe.transfers.create(
            {
              amount: input.amountCents,
              currency: input.currency,
              destination: input.destination,
              transfer_group: input.transferGroup,
              ...(input.sourceTransaction ? { source_transaction: input.sourceTransaction } : {}),
              metadata: input.metadata,
            },
            { idempotencyKey: input.idempotencyKey },
          ),
        ),
      ),
    listTransfersByGroup: (transferGroup) =>
      call('transfers.list', async () => {
        const page = await stripe.transfers.list({
          transfer_group: transferGroup,
          limit: LIST_LIMIT,
        });
        return page.data.map(toTransfer);
      }),
    createRefund: (input) =>
      call('refunds.create', async () =>
        toRefund(
          await stripe.refunds.create(
            {
              payment_intent: input.paymentIntentId,
              amount: input.amountCents,
              metadata: input.metadata,
            },
            { idempotencyKey: input.idempotencyKey },
          ),
        ),
      ),
    listRefunds: (paymentIntentId) =>
      call('refunds.list', async () => {
        const page = await stripe.refunds.list({
          payment_intent: paymentIntentId,
          limit: LIST_LIMIT,
        });
        return page.data.map(toRefund);
      }),
    verifyWebhook(rawBody, signature, toleranceSeconds): WebhookEvent {
      const event = stripe.webhooks.constructEvent(
        rawBody,
        signature,
        webhookSecret(),
        toleranceSeconds,
      );
      return {
        id: event.id,
        type: event.type,
        created: event.created,
        object: event.data.object as unknown as Record<string, unknown>,
      };
    },
  };
}
