/**
 * The spans and metrics placed in other modules (task runtime, Stripe gateway, oEmbed client)
 * reach Sentry, and the task runtime reports the dead letters it answers 2xx for.
 */
import type { Firestore } from 'firebase-admin/firestore';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';

import { fetchOEmbed } from '../../../src/adapters/oembed-client';
import { createStripeGateway } from '../../../src/adapters/stripe-gateway';
import { findQueue } from '../../../src/config/queues';
import { monitored } from '../../../src/monitoring/monitored';
import type { Services } from '../../../src/processors/types';
import { handleTask } from '../../../src/runtime/handle-task';
import { resetSentry } from '../../../tools/stand-ins/admin-client';
import { startStripeStandIn } from '../../../tools/stand-ins/stripe';
import {
  itemsOf,
  startSentryWithDsn,
  waitForItems,
  type RunningSentry,
  type SentryPayload,
} from './sentry-helpers';

/** Just enough Firestore for the task runtime's claim and outcome writes. */
function fakeDb(): Firestore {
  const ref = { collection: () => collection };
  const collection = { doc: () => ref };
  const tx = {
    get: async () => ({ exists: false, get: () => undefined }),
    set: () => tx,
    update: () => tx,
  };
  return {
    collection: () => collection,
    runTransaction: async (fn: (t: typeof tx) => Promise<unknown>) => fn(tx),
    batch: () => ({ set() {}, commit: async () => [] }),
  } as unknown as Firestore;
}

let sentry: RunningSentry;
let stripe: Awaited<ReturnType<typeof startStripeStandIn>>;

beforeAll(async () => {
  sentry = await startSentryWithDsn();
  stripe = await startStripeStandIn({ port: 0, webhookSecret: 'whsec_test' });
});

afterAll(async () => {
  await Promise.all([sentry?.close(), stripe?.close()]);
});

beforeEach(async () => {
  await resetSentry(sentry.url);
});

const byFunction = (name: string) => (payload: SentryPayload) => payload.tags?.function === name;

function spansOf(transaction: SentryPayload): [string | undefined, string | undefined][] {
  return (transaction.spans ?? []).map((span) => [span.description, span.op]);
}

describe('task runtime', () => {
  it('traces claim and outcome writes, records metrics and reports a dead letter', async () => {
    const queue = findQueue('canary', 'normal');
    const services = { db: fakeDb(), clock: { now: () => new Date() } } as unknown as Services;
    const delivery = {
      data: { taskId: 'task-dead-1', type: 'canary', context: { userId: 'user-3' } },
      id: 'task-dead-1',
      retryCount: 0,
    };
    const fn = monitored(
      { function: 'canaryNormal', trigger: 'task', taskType: 'canary' },
      () => ({ attempt: 1, userId: 'user-3' }),
      () => handleTask(queue, delivery, { maxAttempts: 3, services }),
    );

    // A malformed envelope is permanent: dead-lettered and answered 2xx, not thrown.
    await expect(fn()).resolves.toBe('dead');

    const [transaction] = await waitForItems(sentry.url, 'transaction', byFunction('canaryNormal'));
    expect(spansOf(transaction)).toEqual(
      expect.arrayContaining([
        ['firestore claimAttempt', 'db.transaction'],
        ['firestore writeOutcome', 'db.write'],
      ]),
    );
    const [event] = await waitForItems(sentry.url, 'event', byFunction('canaryNormal'));
    expect(event.tags).toMatchObject({
      operation: 'task.dead_lettered',
      errorCode: 'invalid_input',
      retryable: 'false',
    });
    expect(event.user?.id).toBe('user-3');
    const metrics = JSON.stringify(await itemsOf(sentry.url, 'trace_metric'));
    expect(metrics).toContain('task.duration');
    expect(metrics).toContain('task.attempt');
  });
});

describe('outbound calls', () => {
  it('traces a Stripe call and records its duration', async () => {
    const gateway = createStripeGateway({
      secretKey: 'sk_test_local_stand_in',
      webhookSecret: 'whsec_test',
      baseUrl: stripe.url,
    });
    const fn = monitored(
      { function: 'stripeProbe', trigger: 'task' },
      () => ({}),
      async () => gateway.listRefunds('pi_missing'),
    );

    await fn().catch(() => undefined); // the outcome does not matter, the span does

    const [transaction] = await waitForItems(sentry.url, 'transaction', byFunction('stripeProbe'));
    expect(spansOf(transaction)).toContainEqual(['stripe refunds.list', 'http.client']);
    const metrics = JSON.stringify(await itemsOf(sentry.url, 'trace_metric'));
    expect(metrics).toContain('stripe.call.duration');
    expect(metrics).toContain('refunds.list');
  });

  it('traces an oEmbed lookup without the looked-up URL', async () => {
    const fakeFetch = (async () =>
      new Response(JSON.stringify({ title: 'hello' }), { status: 200 })) as typeof fetch;
    const fn = monitored(
      { function: 'oembedProbe', trigger: 'task' },
      () => ({}),
      async () =>
        fetchOEmbed(
          fakeFetch,
          'http://oembed.test',
          'youtube',
          'https://youtu.be/secret-id',
          1_000,
        ),
    );

    await expect(fn()).resolves.toMatchObject({ kind: 'found' });

    const [transaction] = await waitForItems(sentry.url, 'transaction', byFunction('oembedProbe'));
    expect(spansOf(transaction)).toContainEqual(['GET oembed youtube', 'http.client']);
    expect(JSON.stringify(transaction)).not.toContain('secret-id');
  });
});
