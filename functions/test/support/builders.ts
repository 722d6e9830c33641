/** Typed builders for valid documents; tests override only what they are about. */
import { Timestamp } from 'firebase-admin/firestore';

export interface BountyDoc {
  businessId: string;
  title: string;
  description: string;
  category: string;
  platforms: string[];
  requirements: { hashtags: string[]; mentions: string[] };
  rewardCents: number;
  currency: string;
  deadline: Timestamp;
  status: string;
  escrowPaymentId?: string | null;
  createdAt: Timestamp;
  updatedAt: Timestamp;
  [extra: string]: unknown;
}

export function buildBounty(overrides: Partial<BountyDoc> = {}): BountyDoc {
  const now = Date.now();
  return {
    businessId: 'business-1',
    title: '30 s TikTok using #acme',
    description: 'Show the product in use.',
    category: 'food',
    platforms: ['tiktok', 'youtube'],
    requirements: { hashtags: ['#acme'], mentions: ['@acme'] },
    rewardCents: 5_000,
    currency: 'usd',
    deadline: Timestamp.fromMillis(now + 7 * 86_400_000),
    status: 'draft',
    escrowPaymentId: null,
    createdAt: Timestamp.fromMillis(now),
    updatedAt: Timestamp.fromMillis(now),
    ...overrides,
  };
}
