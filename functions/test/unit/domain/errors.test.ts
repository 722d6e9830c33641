import { describe, expect, it } from 'vitest';

import {
  AppError,
  InvalidInputError,
  PermanentError,
  TransientError,
  summarizeError,
} from '../../../src/domain/errors';

describe('summarizeError', () => {
  it.each([
    ['a permanent error', new PermanentError('no_account', 'gone'), 'no_account', false],
    ['a transient error', new TransientError('stripe_429', 'slow down'), 'stripe_429', true],
    ['invalid input', new InvalidInputError('bad field'), 'invalid_input', false],
    [
      'Firestore ABORTED contention',
      Object.assign(new Error('x'), { code: 10 }),
      'firestore_10',
      true,
    ],
    ['Firestore UNAVAILABLE', Object.assign(new Error('x'), { code: 14 }), 'firestore_14', true],
    [
      'a reset connection',
      Object.assign(new Error('x'), { code: 'ECONNRESET' }),
      'econnreset',
      true,
    ],
    ['an unknown error', new Error('boom'), 'unexpected', true],
    ['a thrown string', 'boom', 'unexpected', true],
  ])('classifies %s', (_, error, code, retryable) => {
    expect(summarizeError(error)).toMatchObject({ code, retryable });
  });

  it('recognises app errors by shape from another module copy', () => {
    const foreign = Object.assign(new Error('x'), { code: 'stripe_card', retryable: false });
    expect(summarizeError(foreign)).toEqual({
      code: 'stripe_card',
      message: 'x',
      retryable: false,
    });
  });

  it('keeps the cause', () => {
    const cause = new Error('root');
    expect(new AppError('c', 'm', { retryable: true, cause }).cause).toBe(cause);
  });
});
