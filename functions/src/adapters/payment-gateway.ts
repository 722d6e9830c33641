/**
 * The payments the marketplace makes, independent of Stripe's SDK types. Implemented by
 * `stripe-gateway.ts`; processors depend only on this.
 *
 * Every mutating call takes an idempotency key derived from the escrow or bounty id, so a retry
 * after a crash or timeout returns the first result instead of moving money twice. Stripe keeps
 * keys for at least 24 hours (https://docs.stripe.com/api/idempotent_requests); beyond that the
 * escrow state machine and reconciliation by transfer group guard against duplicates.
 */
export interface PaymentIntentInfo {
  id: string;
  clientSecret: string | null;
  status: string;
  amount: number;
  currency: string;
  latestChargeId: string | null;
  metadata: Record<string, string>;
}

export interface TransferInfo {
  id: string;
  amount: number;
  currency: string;
  destination: string;
  transferGroup: string | null;
  metadata: Record<string, string>;
}

export interface RefundInfo {
  id: string;
  amount: number;
  status: string;
  paymentIntentId: string | null;
  metadata: Record<string, string>;
}

export interface WebhookEvent {
  id: string;
  type: string;
  created: number;
  object: Record<string, unknown>;
}

export interface PaymentGateway {
  createPaymentIntent(input: {
    amountCents: number;
    currency: string;
    transferGroup: string;
    metadata: Record<string, string>;
    idempotencyKey: string;
  }): Promise<PaymentIntentInfo>;
  retrievePaymentIntent(id: string): Promise<PaymentIntentInfo>;
  createTransfer(input: {
    amountCents: number;
    currency: string;
    destination: string;
    transferGroup: string;
    sourceTransaction: string | null;
    metadata: Record<string, string>;
    idempotencyKey: string;
  }): Promise<TransferInfo>;
  listTransfersByGroup(transferGroup: string): Promise<TransferInfo[]>;
  createRefund(input: {
    paymentIntentId: string;
    amountCents: number;
    metadata: Record<string, string>;
    idempotencyKey: string;
  }): Promise<RefundInfo>;
  listRefunds(paymentIntentId: string): Promise<RefundInfo[]>;
  /** Verifies the signature on the raw body and the timestamp; throws on either failing. */
  verifyWebhook(rawBody: Buffer, signature: string, toleranceSeconds: number): WebhookEvent;
}
