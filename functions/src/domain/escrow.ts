/**
 * The escrow payment state machine. Funds sit in the platform balance (separate charges and
 * transfers, https://docs.stripe.com/connect/separate-charges-and-transfers) until they are
 * transferred to the creator or refunded to the business:
 *
 *   held ──approve──▶ release_scheduled ──claim──▶ releasing ──▶ released
 *     │                                              │  └──(permanent Stripe error)──▶ failed
 *     └──expire/cancel──▶ refunding ──▶ refunded     └──(transient)──▶ release_scheduled
 *
 * Money moves only from `releasing` / `refunding`, entered in a transaction with a lease. A lease
 * that expired means its holder crashed somewhere around the Stripe call: before any new call,
 * the next holder asks Stripe what happened (transfers by transfer group, refunds by intent).
 */
import { z } from 'zod';

export const ESCROW_STATUSES = [
  'held',
  'release_scheduled',
  'releasing',
  'released',
  'refunding',
  'refunded',
  'failed',
] as const;
export type EscrowStatus = (typeof ESCROW_STATUSES)[number];

/** How long a claim on a money movement is exclusive; well above one Stripe call's timeout. */
export const MONEY_LEASE_MS = 2 * 60_000;

const timestampLike = z.custom<{ toMillis(): number }>(
  (value) => typeof (value as { toMillis?: unknown } | null)?.toMillis === 'function',
  'must be a timestamp',
);

export const escrowSchema = z.object({
  bountyId: z.string().min(1),
  businessId: z.string().min(1),
  amountCents: z.number().int().positive(),
  currency: z.string().regex(/^[a-z]{3}$/),
  paymentIntentId: z.string().min(1),
  chargeId: z.string().nullish(),
  status: z.enum(ESCROW_STATUSES),
  creatorId: z.string().nullish(),
  submissionId: z.string().nullish(),
  connectAccountId: z.string().nullish(),
  releaseAt: timestampLike.nullish(),
  leaseExpiresAt: timestampLike.nullish(),
  moneyAttempts: z.number().int().min(0).default(0),
  transferId: z.string().nullish(),
  refundId: z.string().nullish(),
});
export type Escrow = z.output<typeof escrowSchema>;

export type MoneyDecision =
  'claim' | 'reconcile' | 'already_done' | 'not_due' | 'busy' | 'not_applicable';

function leaseActive(escrow: Escrow, nowMs: number): boolean {
  return (escrow.leaseExpiresAt?.toMillis() ?? 0) > nowMs;
}

/** What a release task should do with the escrow as it is now. */
export function decideRelease(escrow: Escrow, nowMs: number): MoneyDecision {
  switch (escrow.status) {
    case 'released':
      return 'already_done';
    case 'release_scheduled':
      return (escrow.releaseAt?.toMillis() ?? 0) > nowMs ? 'not_due' : 'claim';
    case 'releasing':
      return leaseActive(escrow, nowMs) ? 'busy' : 'reconcile';
    default:
      return 'not_applicable';
  }
}

/** What a refund task should do with the escrow as it is now. */
export function decideRefund(escrow: Escrow, nowMs: number): MoneyDecision {
  switch (escrow.status) {
    case 'refunded':
      return 'already_done';
    case 'held':
      return 'claim';
    case 'refunding':
      return leaseActive(escrow, nowMs) ? 'busy' : 'reconcile';
    default:
      return 'not_applicable';
  }
}

export function releaseIdempotencyKey(escrowPaymentId: string): string {
  return `escrow-release-${escrowPaymentId}`;
}

export function refundIdempotencyKey(escrowPaymentId: string): string {
  return `escrow-refund-${escrowPaymentId}`;
}

export function fundingIdempotencyKey(bountyId: string): string {
  return `bounty-funding-${bountyId}`;
}
