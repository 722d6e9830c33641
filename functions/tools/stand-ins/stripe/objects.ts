import { randomBytes } from 'node:crypto';

/** Stripe metadata: string keys and values. */
export type Metadata = Record<string, string>;

/** A connected (Express) account as returned by GET /v1/accounts/:id. */
export interface StripeAccount {
  id: string;
  object: 'account';
  type: 'express';
  charges_enabled: boolean;
  payouts_enabled: boolean;
  details_submitted: boolean;
  capabilities: { transfers: 'active' | 'inactive' };
  country: string;
  default_currency: string;
  created: number;
  livemode: false;
  metadata: Metadata;
}

/** Subset of PaymentIntent statuses the stand-in can reach. */
export type PaymentIntentStatus = 'requires_payment_method' | 'succeeded';

/** A PaymentIntent. */
export interface StripePaymentIntent {
  id: string;
  object: 'payment_intent';
  amount: number;
  amount_received: number;
  automatic_payment_methods: { enabled: boolean; allow_redirects?: string } | null;
  capture_method: 'automatic';
  client_secret: string;
  created: number;
  currency: string;
  description: string | null;
  last_payment_error: {
    type: 'card_error';
    code: string;
    decline_code: string;
    message: string;
  } | null;
  latest_charge: string | null;
  livemode: false;
  metadata: Metadata;
  payment_method: string | null;
  payment_method_types: string[];
  status: PaymentIntentStatus;
  transfer_group: string | null;
}

/** The charge created when a PaymentIntent succeeds. */
export interface StripeCharge {
  id: string;
  object: 'charge';
  amount: number;
  amount_captured: number;
  amount_refunded: number;
  balance_transaction: string;
  captured: true;
  created: number;
  currency: string;
  livemode: false;
  metadata: Metadata;
  paid: true;
  payment_intent: string;
  refunded: boolean;
  status: 'succeeded';
  transfer_group: string | null;
}

/** A transfer to a connected account. */
export interface StripeTransfer {
  id: string;
  object: 'transfer';
  amount: number;
  amount_reversed: number;
  balance_transaction: string;
  created: number;
  currency: string;
  description: string | null;
  destination: string;
  destination_payment: string;
  livemode: false;
  metadata: Metadata;
  reversals: { object: 'list'; data: never[]; has_more: false; total_count: 0; url: string };
  reversed: false;
  source_transaction: string | null;
  source_type: 'card';
  transfer_group: string | null;
}

/** A refund of (part of) a charge. */
export interface StripeRefund {
  id: string;
  object: 'refund';
  amount: number;
  balance_transaction: string;
  charge: string;
  created: number;
  currency: string;
  metadata: Metadata;
  payment_intent: string;
  reason: string | null;
  status: 'succeeded';
}

/** A webhook event. */
export interface StripeEvent {
  id: string;
  object: 'event';
  api_version: string | null;
  created: number;
  data: { object: StripePaymentIntent };
  livemode: false;
  pending_webhooks: number;
  request: { id: null; idempotency_key: null };
  type: 'payment_intent.succeeded' | 'payment_intent.payment_failed';
}

/** Stripe's list envelope. */
export interface StripeList<T> {
  object: 'list';
  data: T[];
  has_more: boolean;
  url: string;
}

const ID_ALPHABET = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789';

/** Generates an id like Stripe's: a type prefix and 24 random alphanumerics. */
export function generateId(prefix: string): string {
  const bytes = randomBytes(24);
  let suffix = '';
  for (const byte of bytes) suffix += ID_ALPHABET[byte % ID_ALPHABET.length];
  return `${prefix}_${suffix}`;
}

/** Unix time in seconds, as in every Stripe `created` field. */
export function nowSeconds(): number {
  return Math.floor(Date.now() / 1000);
}

/** Builds a fresh connected account. */
export function buildAccount(
  id: string,
  flags: { payoutsEnabled: boolean; chargesEnabled: boolean; transfersActive: boolean },
): StripeAccount {
  return {
    id,
    object: 'account',
    type: 'express',
    charges_enabled: flags.chargesEnabled,
    payouts_enabled: flags.payoutsEnabled,
    details_submitted: flags.payoutsEnabled,
    capabilities: { transfers: flags.transfersActive ? 'active' : 'inactive' },
    country: 'US',
    default_currency: 'usd',
    created: nowSeconds(),
    livemode: false,
    metadata: {},
  };
}

/** Builds the succeeded charge for a PaymentIntent. */
export function buildCharge(intent: StripePaymentIntent): StripeCharge {
  return {
    id: generateId('ch'),
    object: 'charge',
    amount: intent.amount,
    amount_captured: intent.amount,
    amount_refunded: 0,
    balance_transaction: generateId('txn'),
    captured: true,
    created: nowSeconds(),
    currency: intent.currency,
    livemode: false,
    metadata: { ...intent.metadata },
    paid: true,
    payment_intent: intent.id,
    refunded: false,
    status: 'succeeded',
    transfer_group: intent.transfer_group,
  };
}
