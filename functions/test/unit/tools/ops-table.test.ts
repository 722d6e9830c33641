/** The operator CLI's table and unit formatting. */
import { describe, expect, it } from 'vitest';

import {
  formatAge,
  formatDuration,
  formatPercent,
  renderTable,
  truncate,
} from '../../../tools/ops/table';

describe('renderTable', () => {
  it('pads columns to their widest cell and right-aligns where asked', () => {
    const table = renderTable(
      ['queue', 'depth'],
      [
        ['canaryHigh', '3'],
        ['analyticsLow', '120'],
      ],
      ['left', 'right'],
    );
    expect(table.split('\n')).toEqual([
      'queue         depth',
      '------------  -----',
      'canaryHigh        3',
      'analyticsLow    120',
    ]);
  });
});

describe('formatting', () => {
  it.each<[number | null, string]>([
    [null, '-'],
    [1, '100.0%'],
    [2 / 3, '66.7%'],
    [0, '0.0%'],
  ])('percent %s → %s', (value, text) => expect(formatPercent(value)).toBe(text));

  it.each<[number | null, string]>([
    [null, '-'],
    [40, '40 ms'],
    [2_500, '2.5 s'],
    [120_000, '2.0 min'],
  ])('duration %s → %s', (value, text) => expect(formatDuration(value)).toBe(text));

  it.each<[number | null, string]>([
    [null, '-'],
    [0, '0s'],
    [45, '45s'],
    [725, '12m 5s'],
    [3_600, '1h'],
    [11_100, '3h 5m'],
    [187_200, '2d 4h'],
  ])('age %s → %s', (value, text) => expect(formatAge(value)).toBe(text));

  it('truncates with an ellipsis', () => {
    expect(truncate('abcdef', 4)).toBe('abc…');
    expect(truncate('abc', 4)).toBe('abc');
  });
});
