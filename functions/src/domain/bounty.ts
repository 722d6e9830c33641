/**
 * The bounty document as the backend reads it. Clients write bounties, so every read goes
 * through this schema; a document that fails it is recorded as invalid, never retried.
 */
import { z } from 'zod';

export const PLATFORMS = ['tiktok', 'youtube', 'instagram', 'x'] as const;
export type Platform = (typeof PLATFORMS)[number];

export const BOUNTY_STATUSES = [
  'draft',
  'funding',
  'active',
  'completed',
  'expired',
  'cancelled',
] as const;
export type BountyStatus = (typeof BOUNTY_STATUSES)[number];

/** Largest reward accepted, in the currency's minor unit: guards against fat-finger amounts. */
export const MAX_REWARD_CENTS = 10_000_000;

const timestampLike = z.custom<{ toDate(): Date }>(
  (value) => typeof (value as { toDate?: unknown } | null)?.toDate === 'function',
  'must be a timestamp',
);

export const bountySchema = z.object({
  businessId: z
    .string()
    .min(1)
    .max(128)
    .regex(/^[A-Za-z0-9_-]+$/, 'must be a user id'),
  title: z.string().min(1).max(200),
  description: z.string().max(5000).optional(),
  category: z.string().max(100).optional(),
  platforms: z.array(z.enum(PLATFORMS)).min(1).max(PLATFORMS.length),
  requirements: z
    .object({
      hashtags: z.array(z.string().min(1).max(100)).max(20).default([]),
      mentions: z.array(z.string().min(1).max(100)).max(20).default([]),
    })
    .default({ hashtags: [], mentions: [] }),
  rewardCents: z.number().int().positive().max(MAX_REWARD_CENTS),
  currency: z.string().regex(/^[a-z]{3}$/, 'must be a lowercase ISO currency code'),
  deadline: timestampLike,
  status: z.enum(BOUNTY_STATUSES),
  escrowPaymentId: z
    .string()
    .regex(/^[A-Za-z0-9_-]{1,200}$/)
    .nullish(),
  approvedSubmissionId: z
    .string()
    .regex(/^[A-Za-z0-9_-]{1,200}$/)
    .nullish(),
});
export type Bounty = z.output<typeof bountySchema>;
