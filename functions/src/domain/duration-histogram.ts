/**
 * Fixed duration buckets for queue statistics. Counting into buckets lets many writers add to
 * sharded counters, and a p95 can still be read back (to the resolution of a bucket) without
 * keeping every duration.
 */
export const DURATION_BUCKET_BOUNDS_MS = [
  25, 50, 100, 250, 500, 1_000, 2_500, 5_000, 10_000, 30_000, 60_000, 120_000,
] as const;

/** Index of the bucket `durationMs` falls in; the last index holds everything above the bounds. */
export function durationBucket(durationMs: number): number {
  const index = DURATION_BUCKET_BOUNDS_MS.findIndex((bound) => durationMs <= bound);
  return index === -1 ? DURATION_BUCKET_BOUNDS_MS.length : index;
}

/**
 * The upper bound of the bucket holding the given percentile, or null with no samples. The
 * overflow bucket reports the largest bound: "at least this long".
 */
export function percentileFromBuckets(
  counts: readonly number[],
  percentile: number,
): number | null {
  const total = counts.reduce((sum, count) => sum + count, 0);
  if (total === 0) return null;
  const rank = Math.ceil((percentile / 100) * total);
  let seen = 0;
  for (let index = 0; index < counts.length; index += 1) {
    seen += counts[index] ?? 0;
    if (seen >= rank) {
      return DURATION_BUCKET_BOUNDS_MS[Math.min(index, DURATION_BUCKET_BOUNDS_MS.length - 1)];
    }
  }
  return DURATION_BUCKET_BOUNDS_MS[DURATION_BUCKET_BOUNDS_MS.length - 1];
}
