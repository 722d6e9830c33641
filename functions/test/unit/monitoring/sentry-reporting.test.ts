/**
 * The function wrapper and the monitor API against the Sentry stand-in, with a real SDK: what an
 * invocation sends, that the handler's outcome passes through untouched, scrubbing, isolation.
 */
import { HttpsError } from 'firebase-functions/v2/https';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';

import { monitored, type FunctionTags } from '../../../src/monitoring/monitored';
import { captureError, recordMetric, withSpan } from '../../../src/monitoring/monitor';
import { resetSentry } from '../../../tools/stand-ins/admin-client';
import {
  itemsOf,
  startSentryWithDsn,
  waitForItems,
  type RunningSentry,
  type SentryPayload,
} from './sentry-helpers';

let sentry: RunningSentry;

beforeAll(async () => {
  sentry = await startSentryWithDsn();
});

afterAll(async () => {
  await sentry?.close();
});

beforeEach(async () => {
  await resetSentry(sentry.url);
});

interface FakeTask {
  retryCount: number;
  userId: string;
}

/** A task-like wrapped handler: tags come from the request like the real task functions'. */
function taskFunction<R>(name: string, handler: (task: FakeTask) => Promise<R>) {
  const base: FunctionTags = { function: name, trigger: 'task', taskType: 'escrow_release' };
  return monitored(
    base,
    (task: FakeTask) => ({ attempt: task.retryCount + 1, userId: task.userId }),
    handler,
  );
}

const byFunction = (name: string) => (payload: SentryPayload) => payload.tags?.function === name;

describe('a failing invocation', () => {
  it('sends one tagged event and rethrows the very same error', async () => {
    const error = new Error('payout ledger unavailable');
    const fn = taskFunction('escrowReleaseHigh', async () => {
      throw error;
    });

    await expect(fn({ retryCount: 2, userId: 'user-42' })).rejects.toBe(error);

    const [event] = await waitForItems(sentry.url, 'event', byFunction('escrowReleaseHigh'));
    expect(event.tags).toMatchObject({
      function: 'escrowReleaseHigh',
      trigger: 'task',
      taskType: 'escrow_release',
      attempt: '3',
    });
    expect(event.user?.id).toBe('user-42');
    expect(event.environment).toBe('test');
    expect(event.exception?.values?.at(-1)?.value).toBe('payout ledger unavailable');
    expect(event.breadcrumbs?.some((crumb) => crumb.message === 'function.start')).toBe(true);
    // Flushed before the rethrow: nothing else is on its way.
    expect(await itemsOf(sentry.url, 'event')).toHaveLength(1);
  });

  it('tags a retryable task failure and its code', async () => {
    const { RetryTaskError } = await import('../../../src/runtime/handle-task');
    const summary = { code: 'stripe_unavailable', message: 'Stripe 503', retryable: true };
    const error = new RetryTaskError(summary, new Error('503'));
    const fn = taskFunction('escrowReleaseNormal', async () => {
      throw error;
    });

    await expect(fn({ retryCount: 0, userId: 'u' })).rejects.toBe(error);

    const [event] = await waitForItems(sentry.url, 'event', byFunction('escrowReleaseNormal'));
    expect(event.tags).toMatchObject({ retryable: 'true', errorCode: 'stripe_unavailable' });
  });

  it('does not report a callable client error, but still traces the call', async () => {
    const error = new HttpsError('permission-denied', 'not the owner');
    const fn = monitored(
      { function: 'callableDenied', trigger: 'callable' },
      () => ({}),
      async () => {
        throw error;
      },
    );

    await expect(fn()).rejects.toBe(error);

    const [transaction] = await waitForItems(
      sentry.url,
      'transaction',
      byFunction('callableDenied'),
    );
    expect(transaction.contexts?.trace?.op).toBe('function.https');
    expect(await itemsOf(sentry.url, 'event')).toHaveLength(0);
  });

  it('reports a callable server error with its code', async () => {
    const fn = monitored(
      { function: 'callableBroken', trigger: 'callable' },
      () => ({}),
      async () => {
        throw new HttpsError('internal', 'ledger broke', { code: 'ledger_broken' });
      },
    );

    await expect(fn()).rejects.toThrow('ledger broke');

    const [event] = await waitForItems(sentry.url, 'event', byFunction('callableBroken'));
    expect(event.tags?.errorCode).toBe('internal');
    expect(event.extra?.details).toEqual({ code: 'ledger_broken' });
  });
});

describe('a successful invocation', () => {
  it('returns the handler value and sends a transaction with the child spans', async () => {
    const result = { paid: true };
    const fn = taskFunction('analyticsLow', async () => {
      await withSpan('stripe transfers.create', 'http.client', async () => 'transfer');
      await withSpan('firestore writeOutcome', 'db.write', async () => 'written');
      recordMetric('task.duration', 12, { unit: 'millisecond', tags: { queue: 'analyticsLow' } });
      return result;
    });

    await expect(fn({ retryCount: 0, userId: 'user-1' })).resolves.toBe(result);

    const [transaction] = await waitForItems(sentry.url, 'transaction', byFunction('analyticsLow'));
    expect(transaction.transaction).toBe('analyticsLow');
    expect(transaction.contexts?.trace?.op).toBe('function.task');
    const rootId = transaction.contexts?.trace?.span_id;
    const children = (transaction.spans ?? []).map((span) => [span.description, span.op]);
    expect(children).toEqual(
      expect.arrayContaining([
        ['stripe transfers.create', 'http.client'],
        ['firestore writeOutcome', 'db.write'],
      ]),
    );
    expect(transaction.spans?.every((span) => span.parent_span_id === rootId)).toBe(true);
    expect(await itemsOf(sentry.url, 'event')).toHaveLength(0);
  });

  it('passes a withSpan error through unchanged', async () => {
    const error = new Error('card declined');
    const fn = taskFunction('notificationHigh', () =>
      withSpan('stripe charge', 'http.client', async () => {
        throw error;
      }),
    );

    await expect(fn({ retryCount: 0, userId: 'u' })).rejects.toBe(error);
  });
});

describe('scrubbing', () => {
  it('removes an email address and a Stripe key from an error message', async () => {
    const fn = taskFunction('escrowRefundLow', async () => {
      throw new Error('refund for jane.doe@example.com failed with key sk_test_51Habc123XYZ');
    });

    await expect(fn({ retryCount: 0, userId: 'u' })).rejects.toThrow(/jane\.doe@example\.com/);

    const [event] = await waitForItems(sentry.url, 'event', byFunction('escrowRefundLow'));
    expect(event.exception?.values?.at(-1)?.value).toBe(
      'refund for [email] failed with key [stripe-key]',
    );
    const raw = JSON.stringify(await itemsOf(sentry.url, 'event'));
    expect(raw).not.toContain('jane.doe@example.com');
    expect(raw).not.toContain('sk_test_51Habc123XYZ');
  });

  it('scrubs errors reported through captureError', async () => {
    const fn = taskFunction('canaryLow', async () => {
      captureError(new Error('token for bob@example.org rejected'), {
        operation: 'test.capture',
        userId: 'user-9',
        metadata: { apiKey: 'abc123', note: 'ok' },
      });
    });

    await fn({ retryCount: 0, userId: 'user-9' });

    const [event] = await waitForItems(sentry.url, 'event', byFunction('canaryLow'));
    expect(event.exception?.values?.at(-1)?.value).toBe('token for [email] rejected');
    expect(event.tags?.operation).toBe('test.capture');
    expect(JSON.stringify(event)).not.toContain('abc123');
  });
});

describe('concurrent invocations', () => {
  it('keep their tags and users apart', async () => {
    let releaseFirst: () => void = () => undefined;
    const firstMayFail = new Promise<void>((resolve) => (releaseFirst = resolve));
    const first = taskFunction('contentVerificationHigh', async () => {
      await firstMayFail; // still in flight while the second invocation runs
      throw new Error('first failed');
    });
    const second = monitored(
      { function: 'onBountyWritten', trigger: 'firestore' },
      (userId: string) => ({ userId }),
      async (_userId: string) => {
        await new Promise((resolve) => setTimeout(resolve, 5));
        releaseFirst();
        throw new Error('second failed');
      },
    );

    const results = await Promise.allSettled([
      first({ retryCount: 4, userId: 'alice' }),
      second('bob'),
    ]);
    expect(results.map((result) => result.status)).toEqual(['rejected', 'rejected']);

    const events = await waitForItems(sentry.url, 'event', () => true, 2);
    const byMessage = new Map(
      events.map((event) => [event.exception?.values?.at(-1)?.value, event]),
    );
    const firstEvent = byMessage.get('first failed');
    const secondEvent = byMessage.get('second failed');
    expect(firstEvent?.tags).toMatchObject({
      function: 'contentVerificationHigh',
      trigger: 'task',
      attempt: '5',
    });
    expect(firstEvent?.user?.id).toBe('alice');
    expect(secondEvent?.tags).toMatchObject({ function: 'onBountyWritten', trigger: 'firestore' });
    expect(secondEvent?.tags).not.toHaveProperty('taskType');
    expect(secondEvent?.tags).not.toHaveProperty('attempt');
    expect(secondEvent?.user?.id).toBe('bob');
    expect(firstEvent?.contexts?.trace?.trace_id).not.toBe(secondEvent?.contexts?.trace?.trace_id);
  });
});
