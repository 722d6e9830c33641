import { paramError, requestRejected, resourceMissing } from './errors';
import {
  buildAccount,
  buildCharge,
  generateId,
  nowSeconds,
  type Metadata,
  type StripeAccount,
  type StripeCharge,
  type StripeEvent,
  type StripePaymentIntent,
  type StripeRefund,
  type StripeTransfer,
} from './objects';

/** Validated input of POST /v1/payment_intents. */
export interface PaymentIntentInput {
  amount: number;
  currency: string;
  metadata: Metadata;
  description: string | null;
  transferGroup: string | null;
  automaticPaymentMethods: StripePaymentIntent['automatic_payment_methods'];
  paymentMethodTypes: string[];
}

/** Validated input of POST /v1/transfers. */
export interface TransferInput {
  amount: number;
  currency: string;
  destination: string;
  transferGroup: string | null;
  sourceTransaction: string | null;
  metadata: Metadata;
  description: string | null;
}

/** Validated input of POST /v1/refunds. */
export interface RefundInput {
  paymentIntent: string | undefined;
  charge: string | undefined;
  amount: number | undefined;
  metadata: Metadata;
  reason: string | null;
}

/** In-memory Stripe account state; every mutation enforces the rules Stripe would. */
export class StripeStore {
  readonly accounts = new Map<string, StripeAccount>();
  readonly paymentIntents = new Map<string, StripePaymentIntent>();
  readonly charges = new Map<string, StripeCharge>();
  readonly transfers = new Map<string, StripeTransfer>();
  readonly refunds = new Map<string, StripeRefund>();
  readonly events: StripeEvent[] = [];

  /** Forgets everything. */
  reset(): void {
    for (const map of [
      this.accounts,
      this.paymentIntents,
      this.charges,
      this.transfers,
      this.refunds,
    ]) {
      map.clear();
    }
    this.events.length = 0;
  }

  /** Creates or updates a connected account (upsert keeps demo seeding re-runnable). */
  upsertAccount(
    id: string,
    flags: { payoutsEnabled: boolean; chargesEnabled: boolean; transfersActive: boolean },
  ): StripeAccount {
    const existing = this.accounts.get(id);
    const account = buildAccount(id, flags);
    if (existing !== undefined) account.created = existing.created;
    this.accounts.set(id, account);
    return account;
  }

  /** Creates a PaymentIntent awaiting a payment method, as a fresh one is at Stripe. */
  createPaymentIntent(input: PaymentIntentInput): StripePaymentIntent {
    const id = generateId('pi');
    const intent: StripePaymentIntent = {
      id,
      object: 'payment_intent',
      amount: input.amount,
      amount_received: 0,
      automatic_payment_methods: input.automaticPaymentMethods,
      capture_method: 'automatic',
      client_secret: `${id}_secret_${generateId('cs').slice(3)}`,
      created: nowSeconds(),
      currency: input.currency,
      description: input.description,
      last_payment_error: null,
      latest_charge: null,
      livemode: false,
      metadata: input.metadata,
      payment_method: null,
      payment_method_types: input.paymentMethodTypes,
      status: 'requires_payment_method',
      transfer_group: input.transferGroup,
    };
    this.paymentIntents.set(id, intent);
    return intent;
  }

  /** Creates a transfer after checking the destination and the source charge's remaining funds. */
  createTransfer(input: TransferInput): StripeTransfer {
    this.assertTransferableDestination(input.destination);
    if (input.sourceTransaction !== null) {
      this.assertSourceCovers(input.sourceTransaction, input.amount);
    }
    const id = generateId('tr');
    const transfer: StripeTransfer = {
      id,
      object: 'transfer',
      amount: input.amount,
      amount_reversed: 0,
      balance_transaction: generateId('txn'),
      created: nowSeconds(),
      currency: input.currency,
      description: input.description,
      destination: input.destination,
      destination_payment: generateId('py'),
      livemode: false,
      metadata: input.metadata,
      reversals: {
        object: 'list',
        data: [],
        has_more: false,
        total_count: 0,
        url: `/v1/transfers/${id}/reversals`,
      },
      reversed: false,
      source_transaction: input.sourceTransaction,
      source_type: 'card',
      transfer_group: input.transferGroup,
    };
    this.transfers.set(id, transfer);
    return transfer;
  }

  private assertTransferableDestination(destination: string): void {
    const account = this.accounts.get(destination);
    if (account === undefined) {
      throw resourceMissing('destination', destination, { param: 'destination', status: 400 });
    }
    if (account.capabilities.transfers !== 'active') {
      throw requestRejected(
        'insufficient_capabilities_for_transfer',
        'Your destination account needs to have at least one of the following capabilities enabled: transfers, crypto_transfers, legacy_payments',
        'destination',
      );
    }
  }

  private assertSourceCovers(chargeId: string, amount: number): void {
    const charge = this.charges.get(chargeId);
    if (charge === undefined) {
      throw resourceMissing('charge', chargeId, { param: 'source_transaction', status: 400 });
    }
    const intent = this.paymentIntents.get(charge.payment_intent);
    if (intent?.status !== 'succeeded') {
      throw requestRejected(
        'charge_not_succeeded',
        `The source_transaction ${chargeId} has not succeeded.`,
        'source_transaction',
      );
    }
    const alreadyTransferred = [...this.transfers.values()]
      .filter((transfer) => transfer.source_transaction === chargeId)
      .reduce((sum, transfer) => sum + transfer.amount, 0);
    const available = charge.amount - alreadyTransferred;
    if (amount > available) {
      throw requestRejected(
        'balance_insufficient',
        `Transfer amount ${amount} exceeds the ${available} still available from source_transaction ${chargeId}.`,
        'amount',
      );
    }
  }

  /** Refunds (part of) a succeeded PaymentIntent's charge. */
  createRefund(input: RefundInput): StripeRefund {
    const charge = this.findRefundableCharge(input);
    const remaining = charge.amount - charge.amount_refunded;
    const amount = input.amount ?? remaining;
    if (remaining === 0 || amount > remaining) {
      const message =
        remaining === 0
          ? `Charge ${charge.id} has already been refunded.`
          : `Refund amount (${amount}) is greater than unrefunded amount on charge (${remaining})`;
      throw requestRejected('charge_already_refunded', message, 'amount');
    }
    charge.amount_refunded += amount;
    charge.refunded = charge.amount_refunded === charge.amount;
    const refund: StripeRefund = {
      id: generateId('re'),
      object: 'refund',
      amount,
      balance_transaction: generateId('txn'),
      charge: charge.id,
      created: nowSeconds(),
      currency: charge.currency,
      metadata: input.metadata,
      payment_intent: charge.payment_intent,
      reason: input.reason,
      status: 'succeeded',
    };
    this.refunds.set(refund.id, refund);
    return refund;
  }

  private findRefundableCharge(input: RefundInput): StripeCharge {
    if (input.charge !== undefined) {
      const charge = this.charges.get(input.charge);
      if (charge === undefined)
        throw resourceMissing('charge', input.charge, { param: 'charge', status: 400 });
      return charge;
    }
    if (input.paymentIntent === undefined) {
      throw paramError(
        'payment_intent',
        'One of the following params should be provided for this request: payment_intent or charge.',
        'parameter_missing',
      );
    }
    const intent = this.paymentIntents.get(input.paymentIntent);
    if (intent === undefined) {
      throw resourceMissing('payment_intent', input.paymentIntent, {
        param: 'payment_intent',
        status: 400,
      });
    }
    const charge =
      intent.latest_charge === null ? undefined : this.charges.get(intent.latest_charge);
    if (intent.status !== 'succeeded' || charge === undefined) {
      throw requestRejected(
        'payment_intent_unexpected_state',
        `This PaymentIntent (${intent.id}) does not have a successful charge to refund.`,
        'payment_intent',
      );
    }
    return charge;
  }

  /** Simulates the customer paying: the intent succeeds and gets its charge. */
  succeedPaymentIntent(intent: StripePaymentIntent): StripeCharge {
    const charge = buildCharge(intent);
    this.charges.set(charge.id, charge);
    intent.status = 'succeeded';
    intent.amount_received = intent.amount;
    intent.latest_charge = charge.id;
    intent.payment_method = generateId('pm');
    intent.last_payment_error = null;
    return charge;
  }

  /** Simulates a declined card: the intent goes back to needing a payment method. */
  failPaymentIntent(intent: StripePaymentIntent): void {
    intent.status = 'requires_payment_method';
    intent.last_payment_error = {
      type: 'card_error',
      code: 'card_declined',
      decline_code: 'generic_decline',
      message: 'Your card was declined.',
    };
  }
}
