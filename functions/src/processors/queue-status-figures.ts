/**
 * The arithmetic behind `queueStatus`, kept pure so every definition is tested on its own: the
 * statistics window, summing stats shards, the rates and the read-cost estimate.
 */
import { utcHourKey } from '../domain/clock';
import { DURATION_BUCKET_BOUNDS_MS, percentileFromBuckets } from '../domain/duration-histogram';

/** Hours the status covers unless the caller asks otherwise. */
export const DEFAULT_WINDOW_HOURS = 2;
/** Longest window a caller may ask for: a day of shards per queue is still a bounded read. */
export const MAX_WINDOW_HOURS = 24;

const HOUR_MS = 3_600_000;
/** One slot per bucket plus the overflow bucket, matching `durationBucket`. */
const BUCKET_COUNT = DURATION_BUCKET_BOUNDS_MS.length + 1;

/** The last `hours` UTC hours including the current one, as stats keys and as a time range. */
export interface StatsWindow {
  hours: number;
  /** `YYYYMMDDHH` keys, oldest first. */
  hourKeys: string[];
  /** Start of the oldest hour (inclusive). */
  start: Date;
  /** Start of the hour after the current one (exclusive). */
  end: Date;
}

export function isValidWindowHours(hours: number): boolean {
  return Number.isInteger(hours) && hours >= 1 && hours <= MAX_WINDOW_HOURS;
}

export function statsWindow(now: Date, hours: number): StatsWindow {
  if (!isValidWindowHours(hours)) {
    throw new RangeError(`windowHours must be an integer 1..${MAX_WINDOW_HOURS}, got ${hours}`);
  }
  const currentHour = Math.floor(now.getTime() / HOUR_MS) * HOUR_MS;
  const start = currentHour - (hours - 1) * HOUR_MS;
  const hourKeys = Array.from({ length: hours }, (_, i) =>
    utcHourKey(new Date(start + i * HOUR_MS)),
  );
  return { hours, hourKeys, start: new Date(start), end: new Date(currentHour + HOUR_MS) };
}

/** One queue's counters summed over the shards of the window. */
export interface StatsTotals {
  /** Attempts that began (claimed their task record). */
  started: number;
  succeeded: number;
  retried: number;
  dead: number;
  succeededAfterRetry: number;
  /** Tasks dead-lettered after more than one attempt. */
  deadAfterRetry: number;
  durationCount: number;
  durationSumMs: number;
  durationBuckets: number[];
}

export function emptyTotals(): StatsTotals {
  return {
    started: 0,
    succeeded: 0,
    retried: 0,
    dead: 0,
    succeededAfterRetry: 0,
    deadAfterRetry: 0,
    durationCount: 0,
    durationSumMs: 0,
    durationBuckets: new Array<number>(BUCKET_COUNT).fill(0),
  };
}

/** A counter as stored: absent until first incremented, so anything but a number counts 0. */
function counter(value: unknown): number {
  return typeof value === 'number' && Number.isFinite(value) ? value : 0;
}

/** Adds one shard document's data to the totals. */
export function addShard(totals: StatsTotals, shard: Record<string, unknown>): StatsTotals {
  const buckets = (shard.durationBuckets ?? {}) as Record<string, unknown>;
  return {
    started: totals.started + counter(shard.started),
    succeeded: totals.succeeded + counter(shard.succeeded),
    retried: totals.retried + counter(shard.retried),
    dead: totals.dead + counter(shard.dead),
    succeededAfterRetry: totals.succeededAfterRetry + counter(shard.succeededAfterRetry),
    deadAfterRetry: totals.deadAfterRetry + counter(shard.deadAfterRetry),
    durationCount: totals.durationCount + counter(shard.durationCount),
    durationSumMs: totals.durationSumMs + counter(shard.durationSumMs),
    durationBuckets: totals.durationBuckets.map((count, i) => count + counter(buckets[`b${i}`])),
  };
}

/** `part / whole`, or null when nothing was counted (no rate rather than a misleading 0 or 1). */
function ratio(part: number, whole: number): number | null {
  return whole > 0 ? part / whole : null;
}

/**
 * Share of the tasks that finished in the window which succeeded: succeeded / (succeeded + dead).
 * Retries are attempts, not outcomes, so they are left out.
 */
export function successRate(totals: Pick<StatsTotals, 'succeeded' | 'dead'>): number | null {
  return ratio(totals.succeeded, totals.succeeded + totals.dead);
}

/**
 * Share of the tasks that finished in the window after at least one retry which succeeded:
 * succeededAfterRetry / (succeededAfterRetry + deadAfterRetry). `deadAfterRetry` counts dead
 * letters with attempts > 1, so tasks that failed permanently on their first attempt (invalid
 * input, a refused payment) do not count against retrying, which never got a chance.
 */
export function retrySuccessRate(succeededAfterRetry: number, deadAfterRetry: number) {
  return ratio(succeededAfterRetry, succeededAfterRetry + deadAfterRetry);
}

/** Mean duration of finished tasks' last attempts, in whole milliseconds. */
export function meanDurationMs(totals: Pick<StatsTotals, 'durationCount' | 'durationSumMs'>) {
  return totals.durationCount > 0 ? Math.round(totals.durationSumMs / totals.durationCount) : null;
}

/** p95 as the upper bound of the histogram bucket holding it (see `percentileFromBuckets`). */
export function p95DurationMs(totals: Pick<StatsTotals, 'durationBuckets'>): number | null {
  return percentileFromBuckets(totals.durationBuckets, 95);
}

/** Whole seconds since `since`, never negative (clock skew between Cloud Tasks and us). */
export function ageSeconds(since: Date | null, now: Date): number | null {
  return since ? Math.max(0, Math.floor((now.getTime() - since.getTime()) / 1000)) : null;
}

/** Sentry counts as on when its DSN is a URL, the only form a Sentry DSN takes. */
export function sentryStatus(dsn: string | undefined): 'enabled' | 'disabled' {
  if (!dsn?.trim()) return 'disabled';
  try {
    const { protocol } = new URL(dsn.trim());
    return protocol === 'https:' || protocol === 'http:' ? 'enabled' : 'disabled';
  } catch {
    return 'disabled';
  }
}

/**
 * Billed document reads, per Firestore pricing
 * (https://firebase.google.com/docs/firestore/pricing#aggregation_queries): a query costs one
 * read per document returned and at least one; a count() one read per batch of up to 1,000 index
 * entries matched, and at least one.
 */
export function queryReads(documentsReturned: number): number {
  return Math.max(1, documentsReturned);
}

export function countReads(matched: number): number {
  return Math.max(1, Math.ceil(matched / 1000));
}

/**
 * Attempts running now: attempts that began in the window minus attempts that ended in it. An
 * attempt that began just before the window and ended inside it makes this an undercount by that
 * many (never below zero); one that crashed keeps counting until its hour leaves the window.
 */
export function runningAttempts(totals: StatsTotals): number {
  return Math.max(0, totals.started - (totals.succeeded + totals.retried + totals.dead));
}
