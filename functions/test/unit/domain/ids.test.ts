import { describe, expect, it } from 'vitest';

import { deriveDocId, deriveTaskId, hashKey } from '../../../src/domain/ids';

describe('deterministic ids', () => {
  it('derives the same task id for the same type and dedupe key', () => {
    expect(deriveTaskId('analytics', 'bounty:1:active')).toBe(
      deriveTaskId('analytics', 'bounty:1:active'),
    );
  });

  it('derives different task ids for different types with the same key', () => {
    expect(deriveTaskId('analytics', 'k')).not.toBe(deriveTaskId('notification', 'k'));
  });

  it('produces Cloud Tasks compatible names', () => {
    expect(deriveTaskId('escrow_release', 'a/b c')).toMatch(/^[A-Za-z0-9_-]{1,500}$/);
  });

  it('does not produce neighbouring ids for consecutive keys', () => {
    const ids = Array.from({ length: 50 }, (_, index) => deriveDocId('event', String(index)));
    const firstChars = new Set(ids.map((id) => id[0]));
    expect(firstChars.size).toBeGreaterThan(8);
  });

  it('separates parts so that joining them differently gives another id', () => {
    expect(hashKey('ab', 'c')).not.toBe(hashKey('a', 'bc'));
  });
});
