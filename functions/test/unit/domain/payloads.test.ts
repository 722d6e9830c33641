import { describe, expect, it } from 'vitest';

import { InvalidInputError } from '../../../src/domain/errors';
import { parsePayload } from '../../../src/domain/payloads';

describe('task payload validation', () => {
  it.each([
    ['analytics', { eventId: 'e1', event: 'bounty_funded' }, 'occurredAt'],
    [
      'analytics',
      { eventId: 'a/b', event: 'bounty_funded', occurredAt: new Date().toISOString() },
      'eventId',
    ],
    ['analytics', { eventId: 'e1', event: 'nope', occurredAt: new Date().toISOString() }, 'event'],
    ['escrow_release', {}, 'escrowPaymentId'],
    ['escrow_release', { escrowPaymentId: 'e', extra: 1 }, 'extra'],
    ['escrow_refund', { escrowPaymentId: 'e', reason: 'whim' }, 'reason'],
    ['content_verification', { submissionId: '' }, 'submissionId'],
    [
      'notification',
      { notificationId: 'n', userId: 'u', type: 't', title: '', message: 'm' },
      'title',
    ],
    ['canary', { note: 42 }, 'note'],
    ['canary', null, '(root)'],
  ] as const)('rejects a %s payload %j naming %s', (type, payload, field) => {
    expect(() => parsePayload(type, payload)).toThrow(InvalidInputError);
    expect(() => parsePayload(type, payload)).toThrow(field);
  });

  it('fills notification defaults', () => {
    const parsed = parsePayload('notification', {
      notificationId: 'n1',
      userId: 'u1',
      type: 'bounty_funded',
      title: 'Funded',
      message: 'Your bounty is live',
    });
    expect(parsed.channels).toEqual(['in_app', 'email', 'push']);
    expect(parsed.data).toEqual({});
  });
});
