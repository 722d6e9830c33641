/**
 * What each analytics event adds to the daily counters. Pure.
 */
import type { AnalyticsEventName } from './payloads';

/**
 * Shards per daily counter. At the design peak (100 submissions/s, each followed by a few more
 * events) the day's counters take about 200 increments per second; Firestore sustains about one
 * write per second per document, so the increments are spread over this many documents, one
 * picked at random per event. Reading a day sums them (one query of this many small documents).
 */
export const ANALYTICS_DAILY_SHARDS = 200;

export type CounterDelta = Record<string, number>;

export function counterDelta(event: AnalyticsEventName, amountCents = 0): CounterDelta {
  switch (event) {
    case 'bounty_created':
      return { bountiesCreated: 1 };
    case 'bounty_funded':
      return { bountiesFunded: 1, fundedCents: amountCents };
    case 'bounty_completed':
      return { bountiesCompleted: 1 };
    case 'bounty_expired':
      return { bountiesExpired: 1 };
    case 'submission_created':
      return { submissions: 1 };
    case 'submission_verified':
      return { submissionsVerified: 1 };
    case 'submission_rejected':
      return { submissionsRejected: 1 };
    case 'submission_approved':
      return { approvals: 1 };
    case 'payout_released':
      return { payouts: 1, payoutCents: amountCents };
    case 'refund_issued':
      return { refunds: 1, refundCents: amountCents };
  }
}

/** Adds counter documents together (the shards of one day). */
export function sumCounters(shards: readonly Record<string, unknown>[]): CounterDelta {
  const total: CounterDelta = {};
  for (const shard of shards) {
    for (const [field, value] of Object.entries(shard)) {
      if (typeof value === 'number') total[field] = (total[field] ?? 0) + value;
    }
  }
  return total;
}
