import { describe, expect, it } from 'vitest';

import {
  DURATION_BUCKET_BOUNDS_MS,
  durationBucket,
  percentileFromBuckets,
} from '../../../src/domain/duration-histogram';

describe('duration histogram', () => {
  it.each([
    [0, 0],
    [25, 0],
    [26, 1],
    [999, 5],
    [1_000, 5],
    [500_000, DURATION_BUCKET_BOUNDS_MS.length],
  ])('puts %i ms in bucket %i', (ms, bucket) => {
    expect(durationBucket(ms)).toBe(bucket);
  });

  it('reads the p95 as the upper bound of the bucket holding the 95th percentile', () => {
    const counts = new Array(DURATION_BUCKET_BOUNDS_MS.length + 1).fill(0);
    counts[durationBucket(40)] = 90;
    counts[durationBucket(900)] = 10;
    expect(percentileFromBuckets(counts, 50)).toBe(50);
    expect(percentileFromBuckets(counts, 95)).toBe(1_000);
  });

  it('has no percentile without samples', () => {
    expect(percentileFromBuckets([0, 0, 0], 95)).toBeNull();
  });
});
