import { describe, expect, it } from 'vitest';

import {
  isLuhnValid,
  isSensitiveKey,
  scrubBreadcrumb,
  scrubEvent,
  scrubMetric,
  scrubString,
  scrubValue,
  TRUNCATED_KEY,
} from '../../../src/monitoring/scrub';

const JWT =
  'eyJhbGciOiJSUzI1NiIsInR5cCI6IkpXVCJ9.eyJzdWIiOiJ1c2VyLTEiLCJpYXQiOjE3MDAwMDAwMDB9.c2lnbmF0dXJlX2hlcmU';

describe('scrubString', () => {
  it.each([
    ['an email', 'mail jane.doe+x@example.co.uk now', 'mail [email] now'],
    ['two emails', 'a@b.io and c.d@e.org', '[email] and [email]'],
    ['a bearer token', 'Authorization Bearer abc.DEF-123_x', 'Authorization Bearer [token]'],
    ['a lowercase bearer', 'sent bearer xyz123', 'sent Bearer [token]'],
    ['a JWT', `token was ${JWT} ok`, 'token was [token] ok'],
    ['a live secret key', 'key sk_live_51Habc123DEF', 'key [stripe-key]'],
    ['a test secret key', 'key=sk_test_4eC39HqLyjWDarjtT1zdp7dc', 'key=[stripe-key]'],
    ['a restricted key', 'using rk_live_9zzY8xx', 'using [stripe-key]'],
    ['a webhook secret', 'whsec_abcDEF123 rejected', '[stripe-key] rejected'],
    ['a client secret', 'pi_3Nabc_secret_XyZ123 returned', '[token] returned'],
    ['a Visa number', 'card 4242424242424242 declined', 'card [card] declined'],
    ['a spaced card', 'card 4000 0566 5566 5556.', 'card [card].'],
    ['a dashed Amex', 'amex 3782-822463-10005 ok', 'amex [card] ok'],
    ['a card glued to text', 'pan:5555555555554444', 'pan:[card]'],
    ['a Luhn-invalid number', 'order 4242424242424241', 'order 4242424242424241'],
    ['a short number', 'amount 123456789012 cents', 'amount 123456789012 cents'],
    ['a 20-digit number', 'id 42424242424242424242', 'id 42424242424242424242'],
    ['password=value', 'login password=hunter2&user=bob', 'login password=[redacted]&user=bob'],
    [
      'quoted JSON secret',
      '{"clientSecret":"abc123","id":"x"}',
      '{"clientSecret":"[redacted]","id":"x"}',
    ],
    ['apiKey: value', 'apiKey: zzz999 given', 'apiKey: [redacted] given'],
    ['a harmless pair', 'status: failed, code=card_declined', 'status: failed, code=card_declined'],
    ['a publishable key', 'pk_test_123abc is public', 'pk_test_123abc is public'],
    ['plain text', 'transfer tr_123 to acct_456 failed', 'transfer tr_123 to acct_456 failed'],
    [
      'everything at once',
      'bob@x.com paid with 4242 4242 4242 4242 using sk_test_abc',
      '[email] paid with [card] using [stripe-key]',
    ],
  ])('%s', (_label, input, expected) => {
    expect(scrubString(input)).toBe(expected);
  });

  it('cuts very long strings and stays fast', () => {
    const long = `${'a'.repeat(200_000)}@`;
    const started = performance.now();
    const result = scrubString(long);
    expect(performance.now() - started).toBeLessThan(500);
    expect(result.length).toBeLessThan(20_000);
    expect(result.endsWith('…[truncated]')).toBe(true);
  });
});

describe('isSensitiveKey', () => {
  it.each([
    ['password', true],
    ['userPassword', true],
    ['client_secret', true],
    ['clientSecret', true],
    ['idToken', true],
    ['Authorization', true],
    ['x-api-key', true],
    ['apiKey', true],
    ['fcmToken', true],
    ['taskId', false],
    ['userId', false],
    ['amountCents', false],
  ])('%s → %s', (key, sensitive) => {
    expect(isSensitiveKey(key)).toBe(sensitive);
  });
});

describe('isLuhnValid', () => {
  it.each([
    ['4242424242424242', true],
    ['378282246310005', true],
    ['4242424242424241', false],
  ])('%s → %s', (digits, valid) => {
    expect(isLuhnValid(digits)).toBe(valid);
  });
});

describe('scrubValue', () => {
  it('redacts sensitive keys at any depth and scrubs strings and card-like integers', () => {
    const input = {
      headers: { authorization: 'Bearer abc', accept: 'json' },
      nested: [{ idToken: { any: 'thing' } }, 'to ann@example.com'],
      card: 4242424242424242,
      count: 42,
      timestampMs: 1_700_000_000_000, // Luhn-invalid: kept
      trace_id: '12345678901234567890123456789012',
    };
    expect(scrubValue(input)).toEqual({
      headers: { authorization: '[redacted]', accept: 'json' },
      nested: [{ idToken: '[redacted]' }, 'to [email]'],
      card: '[card]',
      count: 42,
      timestampMs: 1_700_000_000_000,
      trace_id: '12345678901234567890123456789012',
    });
  });

  it('does not mutate its input', () => {
    const input = { password: 'p', note: 'a@b.io' };
    scrubValue(input);
    expect(input).toEqual({ password: 'p', note: 'a@b.io' });
  });

  it('survives cycles, deep nesting and huge objects', () => {
    const cyclic: Record<string, unknown> = { name: 'root' };
    cyclic.self = cyclic;
    expect(scrubValue(cyclic)).toEqual({ name: 'root', self: '[circular]' });

    let deep: Record<string, unknown> = { leaf: 'x' };
    for (let level = 0; level < 50; level += 1) deep = { child: deep };
    expect(JSON.stringify(scrubValue(deep))).toContain('[truncated]');

    const huge = Object.fromEntries(Array.from({ length: 100_000 }, (_, i) => [`k${i}`, 'v']));
    const started = performance.now();
    const scrubbed = scrubValue(huge) as Record<string, unknown>;
    expect(performance.now() - started).toBeLessThan(1_000);
    expect(Object.keys(scrubbed).length).toBeLessThan(10_000);
    expect(scrubbed[TRUNCATED_KEY]).toBe('[truncated]');
  });

  it('keeps the same object seen twice side by side (not a cycle)', () => {
    const shared = { note: 'ok' };
    expect(scrubValue({ a: shared, b: shared })).toEqual({ a: { note: 'ok' }, b: { note: 'ok' } });
  });
});

describe('scrubEvent', () => {
  it('scrubs every free-text part of an event and leaves ids alone', () => {
    const event = {
      event_id: 'abc',
      message: 'failed for a@b.io',
      exception: {
        values: [
          {
            type: 'Error',
            value: 'key sk_live_123abc',
            stacktrace: { frames: [{ context_line: "throw new Error('c@d.io')", lineno: 3 }] },
          },
        ],
      },
      breadcrumbs: [{ message: 'login x@y.io', data: { password: 'p' }, category: 'app' }],
      tags: { function: 'f', token: 't' },
      extra: { card: '4242-4242-4242-4242' },
      contexts: { trace: { trace_id: '4242424242424242' }, metadata: { secret: 's' } },
      request: { headers: { Authorization: 'Bearer z' }, data: 'e@f.io' },
      user: { id: 'user-1', email: 'u@v.io' },
      spans: [{ span_id: '1', description: 'GET g@h.io', data: { apiKey: 'k' } }],
    };
    expect(scrubEvent(event)).toEqual({
      event_id: 'abc',
      message: 'failed for [email]',
      exception: {
        values: [
          {
            type: 'Error',
            value: 'key [stripe-key]',
            stacktrace: { frames: [{ context_line: "throw new Error('[email]')", lineno: 3 }] },
          },
        ],
      },
      breadcrumbs: [
        { message: 'login [email]', data: { password: '[redacted]' }, category: 'app' },
      ],
      tags: { function: 'f', token: '[redacted]' },
      extra: { card: '[card]' },
      contexts: { trace: { trace_id: '4242424242424242' }, metadata: { secret: '[redacted]' } },
      request: { headers: { Authorization: '[redacted]' }, data: '[email]' },
      user: { id: 'user-1', email: '[email]' },
      spans: [{ span_id: '1', description: 'GET [email]', data: { apiKey: '[redacted]' } }],
    });
  });

  it('scrubs breadcrumbs and metrics on their own', () => {
    expect(scrubBreadcrumb({ message: 'Bearer abc', level: 'info' })).toEqual({
      message: 'Bearer [token]',
      level: 'info',
    });
    expect(scrubMetric({ name: 'm', value: 1, attributes: { user: 'a@b.io' } })).toEqual({
      name: 'm',
      value: 1,
      attributes: { user: '[email]' },
    });
  });
});
