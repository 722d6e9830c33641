/** The definitions behind `queueStatus`: window, shard sums, rates, durations, read cost. */
import { describe, expect, it } from 'vitest';

import {
  addShard,
  ageSeconds,
  countReads,
  emptyTotals,
  meanDurationMs,
  p95DurationMs,
  queryReads,
  retrySuccessRate,
  sentryStatus,
  statsWindow,
  successRate,
} from '../../../src/processors/queue-status-figures';

describe('statsWindow', () => {
  it.each<[string, string, number, string[], string, string]>([
    [
      'two hours',
      '2026-03-01T10:30:00Z',
      2,
      ['2026030109', '2026030110'],
      '2026-03-01T09:00:00.000Z',
      '2026-03-01T11:00:00.000Z',
    ],
    [
      'one hour, on the hour',
      '2026-03-01T10:00:00Z',
      1,
      ['2026030110'],
      '2026-03-01T10:00:00.000Z',
      '2026-03-01T11:00:00.000Z',
    ],
    [
      'across midnight and a month end',
      '2026-03-01T01:59:59.999Z',
      3,
      ['2026022823', '2026030100', '2026030101'],
      '2026-02-28T23:00:00.000Z',
      '2026-03-01T02:00:00.000Z',
    ],
  ])('%s', (_, now, hours, keys, start, end) => {
    const window = statsWindow(new Date(now), hours);
    expect(window.hourKeys).toEqual(keys);
    expect(window.start.toISOString()).toBe(start);
    expect(window.end.toISOString()).toBe(end);
  });

  it('spans 24 keys for a day', () => {
    expect(statsWindow(new Date('2026-03-01T10:30:00Z'), 24).hourKeys).toHaveLength(24);
  });

  it.each([0, 25, 1.5, -1, Number.NaN])('refuses %s hours', (hours) => {
    expect(() => statsWindow(new Date(), hours)).toThrow(RangeError);
  });
});

describe('addShard', () => {
  it('sums counters and buckets, treating absent or odd fields as 0', () => {
    const totals = [
      { succeeded: 3, durationCount: 3, durationSumMs: 300, durationBuckets: { b2: 3 } },
      { retried: 2, dead: 1, durationCount: 1, durationSumMs: 40, durationBuckets: { b1: 1 } },
      { succeeded: 1, succeededAfterRetry: 1, retried: 'x', durationBuckets: { b12: 1 } },
      {},
    ].reduce(addShard, emptyTotals());
    expect(totals).toMatchObject({
      succeeded: 4,
      retried: 2,
      dead: 1,
      succeededAfterRetry: 1,
      durationCount: 4,
      durationSumMs: 340,
    });
    expect(totals.durationBuckets).toEqual([0, 1, 3, 0, 0, 0, 0, 0, 0, 0, 0, 0, 1]);
  });
});

describe('rates', () => {
  it.each<[number, number, number | null]>([
    [0, 0, null],
    [10, 0, 1],
    [0, 4, 0],
    [9, 1, 0.9],
    [2, 1, 2 / 3],
  ])('success rate of %i succeeded, %i dead is %s', (succeeded, dead, rate) => {
    expect(successRate({ succeeded, dead })).toBe(rate);
  });

  it.each<[number, number, number | null]>([
    [0, 0, null],
    [3, 0, 1],
    [0, 2, 0],
    [3, 1, 0.75],
  ])('retry success rate of %i recovered, %i dead after retry is %s', (ok, dead, rate) => {
    expect(retrySuccessRate(ok, dead)).toBe(rate);
  });
});

describe('durations', () => {
  it.each<[string, number, number, number | null]>([
    ['no samples', 0, 0, null],
    ['exact', 4, 400, 100],
    ['rounded to whole ms', 3, 100, 33],
  ])('mean with %s', (_, durationCount, durationSumMs, mean) => {
    expect(meanDurationMs({ durationCount, durationSumMs })).toBe(mean);
  });

  it.each<[string, number[], number | null]>([
    ['no samples', [0, 0, 0], null],
    ['all fast', [100], 25],
    ['95 fast, 5 slow: p95 still fast', [95, 0, 0, 0, 0, 5], 25],
    ['94 fast, 6 slow: p95 slow', [94, 0, 0, 0, 0, 6], 1_000],
    ['overflow reports the largest bound', [0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 10], 120_000],
  ])('p95 with %s', (_, durationBuckets, p95) => {
    expect(p95DurationMs({ durationBuckets })).toBe(p95);
  });
});

describe('ageSeconds', () => {
  const now = new Date('2026-03-01T10:00:00Z');
  it.each<[string | null, number | null]>([
    [null, null],
    ['2026-03-01T09:58:30.400Z', 89],
    ['2026-03-01T10:00:05Z', 0],
  ])('since %s is %s', (since, age) => {
    expect(ageSeconds(since ? new Date(since) : null, now)).toBe(age);
  });
});

describe('sentryStatus', () => {
  it.each<[string | undefined, string]>([
    [undefined, 'disabled'],
    ['', 'disabled'],
    ['  ', 'disabled'],
    ['not a dsn', 'disabled'],
    ['ftp://key@example.com/1', 'disabled'],
    ['https://key@o1.ingest.sentry.io/42', 'enabled'],
    ['http://key@127.0.0.1:12113/1', 'enabled'],
  ])('%j is %s', (dsn, status) => {
    expect(sentryStatus(dsn)).toBe(status);
  });
});

describe('read cost', () => {
  it.each<[number, number]>([
    [0, 1],
    [1, 1],
    [250, 250],
  ])('a query returning %i documents costs %i reads', (returned, reads) => {
    expect(queryReads(returned)).toBe(reads);
  });

  it.each<[number, number]>([
    [0, 1],
    [1_000, 1],
    [1_001, 2],
    [50_000, 50],
  ])('a count() matching %i entries costs %i reads', (matched, reads) => {
    expect(countReads(matched)).toBe(reads);
  });
});
