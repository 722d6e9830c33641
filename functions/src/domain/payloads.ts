/**
 * Payload schemas of every task type. Validated when a task is enqueued and again when it is
 * handled: a task can outlive a deploy that changed its schema, and anything can be put on a
 * queue by hand. A failure is permanent and names the field.
 */
import { z } from 'zod';

import { InvalidInputError } from './errors';
import type { TaskType } from './task-types';

/** A Firestore document id or Stripe-style id: no slashes, nothing that needs escaping. */
const id = z
  .string()
  .min(1)
  .max(200)
  .regex(/^[A-Za-z0-9_-]+$/, 'must be letters, digits, _ or -');

export const ANALYTICS_EVENTS = [
  'bounty_created',
  'bounty_funded',
  'bounty_completed',
  'bounty_expired',
  'submission_created',
  'submission_verified',
  'submission_rejected',
  'submission_approved',
  'payout_released',
  'refund_issued',
] as const;
export type AnalyticsEventName = (typeof ANALYTICS_EVENTS)[number];

export const analyticsPayload = z.strictObject({
  eventId: id,
  event: z.enum(ANALYTICS_EVENTS),
  occurredAt: z.iso.datetime(),
  bountyId: id.optional(),
  submissionId: id.optional(),
  userId: id.optional(),
  amountCents: z.number().int().min(0).max(1_000_000_000).optional(),
});

export const NOTIFICATION_CHANNELS = ['in_app', 'email', 'push'] as const;

export const notificationPayload = z.strictObject({
  notificationId: id,
  userId: id,
  type: z.string().min(1).max(64),
  title: z.string().min(1).max(200),
  message: z.string().min(1).max(2000),
  data: z.record(z.string().max(64), z.string().max(500)).default({}),
  channels: z.array(z.enum(NOTIFICATION_CHANNELS)).min(1).default(['in_app', 'email', 'push']),
});

export const contentVerificationPayload = z.strictObject({ submissionId: id });

export const escrowReleasePayload = z.strictObject({ escrowPaymentId: id });

export const escrowRefundPayload = z.strictObject({
  escrowPaymentId: id,
  reason: z.enum(['bounty_expired', 'bounty_cancelled', 'duplicate_payment', 'operator']),
});

/**
 * A synthetic task operators send through a queue to prove it works end to end. The failure
 * fields let the emulator suite and the demo exercise retries and dead letters; they are honoured
 * only inside the emulator.
 */
export const canaryPayload = z.strictObject({
  note: z.string().max(200),
  failFirstAttempts: z.number().int().min(0).max(100).optional(),
  failWith: z.enum(['transient', 'permanent']).optional(),
  /** Milliseconds to hold the queue slot, to build a backlog. */
  holdMs: z.number().int().min(0).max(5_000).optional(),
});

export const PAYLOAD_SCHEMAS = {
  analytics: analyticsPayload,
  notification: notificationPayload,
  content_verification: contentVerificationPayload,
  escrow_release: escrowReleasePayload,
  escrow_refund: escrowRefundPayload,
  canary: canaryPayload,
} satisfies Record<TaskType, z.ZodType>;

export type PayloadOf<T extends TaskType> = z.output<(typeof PAYLOAD_SCHEMAS)[T]>;
export type PayloadInput<T extends TaskType> = z.input<(typeof PAYLOAD_SCHEMAS)[T]>;

/** Parses `value` with `schema`, throwing an {@link InvalidInputError} that names the fields. */
export function parseOrThrow<S extends z.ZodType>(schema: S, value: unknown, what: string) {
  const result = schema.safeParse(value);
  if (!result.success) {
    throw new InvalidInputError(`${what} is invalid: ${describeIssues(result.error)}`);
  }
  return result.data as z.output<S>;
}

export function describeIssues(error: z.ZodError): string {
  return error.issues
    .slice(0, 5)
    .map((issue) => `${issue.path.join('.') || '(root)'}: ${issue.message}`)
    .join('; ');
}

export function parsePayload<T extends TaskType>(type: T, payload: unknown): PayloadOf<T> {
  return parseOrThrow(PAYLOAD_SCHEMAS[type], payload, `${type} payload`) as PayloadOf<T>;
}
