import { describe, expect, it } from 'vitest';

import { counterDelta, sumCounters } from '../../../src/domain/analytics';
import { ANALYTICS_EVENTS } from '../../../src/domain/payloads';

describe('analytics counters', () => {
  it('gives every event a counter', () => {
    for (const event of ANALYTICS_EVENTS) {
      expect(Object.keys(counterDelta(event)).length).toBeGreaterThan(0);
    }
  });

  it('adds money amounts for money events', () => {
    expect(counterDelta('payout_released', 500)).toEqual({ payouts: 1, payoutCents: 500 });
    expect(counterDelta('refund_issued', 70)).toEqual({ refunds: 1, refundCents: 70 });
  });

  it('sums shards field by field, ignoring non-numbers', () => {
    expect(
      sumCounters([
        { day: '2026-01-01', payouts: 1, payoutCents: 10 },
        { day: '2026-01-01', payouts: 2 },
      ]),
    ).toEqual({ payouts: 3, payoutCents: 10 });
  });
});
