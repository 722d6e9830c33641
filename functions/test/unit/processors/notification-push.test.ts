/** The push claim decision: who may send, who waits, who takes over a claim left by a crash. */
import { Timestamp } from 'firebase-admin/firestore';
import { describe, expect, it } from 'vitest';

import {
  PUSH_CLAIM_LEASE_MS,
  decidePushClaim,
  type PushState,
} from '../../../src/processors/notification-push';

const NOW = Date.UTC(2025, 0, 1, 12);
const RUN = { taskId: 'task-a', attempt: 2 };

function claimed(ageMs: number, by = { taskId: 'task-b', attempt: 1 }): PushState {
  return { push: 'sending', pushClaimedAt: Timestamp.fromMillis(NOW - ageMs), pushClaimedBy: by };
}

describe('decidePushClaim', () => {
  it.each<[string, PushState, boolean, string]>([
    ['nothing recorded yet', {}, true, 'send'],
    ['released after a failed send', { push: 'pending' }, true, 'send'],
    ['no device tokens', {}, false, 'skipped'],
    ['already sent', { push: 'sent' }, true, 'done'],
    ['already failed', { push: 'failed' }, true, 'done'],
    ['already skipped, tokens added since', { push: 'skipped' }, true, 'done'],
    ['fresh claim of another task', claimed(1_000), true, 'busy'],
    ['fresh claim of the same attempt (duplicate delivery)', claimed(1_000, RUN), true, 'busy'],
    [
      'claim of an earlier attempt of this task',
      claimed(1_000, { ...RUN, attempt: 1 }),
      true,
      'resend',
    ],
    ['claim past its lease', claimed(PUSH_CLAIM_LEASE_MS), true, 'resend'],
    ['stale claim, tokens gone since', claimed(PUSH_CLAIM_LEASE_MS), false, 'skipped'],
    ['claim without a time', { push: 'sending' }, true, 'resend'],
  ])('%s → %s', (_name, state, hasTokens, expected) => {
    expect(decidePushClaim(state, RUN, hasTokens, NOW)).toBe(expected);
  });
});
