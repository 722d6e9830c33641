/**
 * Bad input never crash-loops: malformed documents for every collection the triggers read, and
 * malformed task payloads for every task type, each end in a recorded, terminal, explained state
 * without retries, and valid data beside them is left untouched.
 *
 * Runs in a Firestore database of its own (an emulator project id no trigger listens to), with
 * an enqueue that records what would have been enqueued.
 */
import { randomUUID } from 'node:crypto';

import { initializeApp } from 'firebase-admin/app';
import { Timestamp, getFirestore, type Firestore } from 'firebase-admin/firestore';
import { beforeAll, describe, expect, it, vi } from 'vitest';

import { getQueue, findQueue } from '../../src/config/queues';
import type { EnqueueRequest } from '../../src/domain/task-request';
import { TASK_TYPES, type TaskType } from '../../src/domain/task-types';
import { handleBountyWrite } from '../../src/processors/handle-bounty-write';
import { handleStripeEvent } from '../../src/processors/handle-stripe-event';
import { handleSubmissionWrite } from '../../src/processors/handle-submission-write';
import type { Services } from '../../src/processors/types';
import { handleTask } from '../../src/runtime/handle-task';
import { buildBounty } from '../support/builders';
import { requireEmulators } from '../support/emulator';
import { testServices } from '../support/services';

/**
 * The processors log every step through firebase-functions' logger, which writes to the console;
 * at this volume that would bury the test output, so it is muted here.
 */
function silenceLogs(): void {
  for (const method of ['log', 'info', 'warn', 'error', 'debug'] as const) {
    vi.spyOn(console, method).mockImplementation(() => undefined);
  }
}

beforeAll(silenceLogs);

let db: Firestore;
const enqueued: EnqueueRequest[] = [];
let services: Services;
const VALID_BOUNTY = 'valid-bounty';
const VALID_ESCROW = 'valid-escrow';

beforeAll(async () => {
  requireEmulators();
  const projectId = `demo-bad-input-${randomUUID().slice(0, 8)}`;
  db = getFirestore(initializeApp({ projectId }, projectId));
  services = testServices({
    db,
    enqueue: async (request) => {
      enqueued.push(request as EnqueueRequest);
      return { taskId: 'recorded', queue: 'recorded', created: true };
    },
  });
  await db
    .collection('bounties')
    .doc(VALID_BOUNTY)
    .set(buildBounty({ status: 'active', escrowPaymentId: VALID_ESCROW }));
  await db.collection('escrowPayments').doc(VALID_ESCROW).set({
    bountyId: VALID_BOUNTY,
    businessId: 'business-1',
    amountCents: 5_000,
    currency: 'usd',
    paymentIntentId: 'pi_valid',
    chargeId: 'ch_valid',
    status: 'held',
    moneyAttempts: 0,
  });
});

function write(collection: string, after: Record<string, unknown>) {
  const id = `bad-${randomUUID().slice(0, 8)}`;
  return {
    eventId: randomUUID(),
    path: `${collection}/${id}`,
    docId: id,
    before: undefined,
    after,
    occurredAt: new Date(),
  };
}

async function invalidRecordFor(path: string) {
  const records = await db.collection('invalidDocuments').where('path', '==', path).get();
  return records.docs.map((doc) => doc.data());
}

const huge = 'x'.repeat(100_000);
const bounty = (overrides: Record<string, unknown>) => ({
  ...buildBounty({ status: 'active' }),
  ...overrides,
});
const withoutField = (field: string) => {
  const doc: Record<string, unknown> = bounty({});
  delete doc[field];
  return doc;
};

describe('malformed bounty documents', () => {
  it.each([
    ['a missing businessId', withoutField('businessId'), 'businessId'],
    ['a negative reward', bounty({ rewardCents: -5 }), 'rewardCents'],
    ['a zero reward', bounty({ rewardCents: 0 }), 'rewardCents'],
    ['a fractional reward', bounty({ rewardCents: 10.5 }), 'rewardCents'],
    ['a huge reward', bounty({ rewardCents: 1e12 }), 'rewardCents'],
    ['a reward given as text', bounty({ rewardCents: '100' }), 'rewardCents'],
    ['an unknown status', bounty({ status: 'paid_out' }), 'status'],
    ['an unknown platform', bounty({ platforms: ['myspace'] }), 'platforms'],
    ['no platforms', bounty({ platforms: [] }), 'platforms'],
    ['an oversized title', bounty({ title: huge }), 'title'],
    ['an upper-case currency', bounty({ currency: 'USD' }), 'currency'],
    ['a deadline given as text', bounty({ deadline: '2030-01-01' }), 'deadline'],
    ['a path in businessId', bounty({ businessId: 'users/../admin' }), 'businessId'],
    [
      'too many hashtags',
      bounty({ requirements: { hashtags: Array(50).fill('#a'), mentions: [] } }),
      'requirements',
    ],
    ['a path in escrowPaymentId', bounty({ escrowPaymentId: '../escrow' }), 'escrowPaymentId'],
  ])(
    'records a bounty with %s as invalid, enqueues nothing and does not throw',
    async (_, doc, field) => {
      const change = write('bounties', doc);
      const before = enqueued.length;

      await handleBountyWrite(change, services);

      const records = await invalidRecordFor(change.path);
      expect(records).toHaveLength(1);
      expect(records[0]?.error.message).toContain(field);
      expect(enqueued.length).toBe(before);
    },
  );
});

const submission = (overrides: Record<string, unknown>) => ({
  bountyId: VALID_BOUNTY,
  creatorId: 'creator-1',
  contentLinks: ['https://www.tiktok.com/@a/video/1'],
  status: 'submitted',
  ...overrides,
});

describe('malformed submission documents', () => {
  it.each([
    ['no links', submission({ contentLinks: [] }), 'contentLinks'],
    [
      'eleven links',
      submission({ contentLinks: Array(11).fill('https://x.com/a/status/1') }),
      'contentLinks',
    ],
    ['links that are not a list', submission({ contentLinks: 'https://x.com/a' }), 'contentLinks'],
    ['an oversized link', submission({ contentLinks: [`https://x.com/${huge}`] }), 'contentLinks'],
    ['a path in bountyId', submission({ bountyId: 'a/b' }), 'bountyId'],
    ['a missing creatorId', submission({ creatorId: undefined }), 'creatorId'],
    ['an unknown status', submission({ status: 'paid' }), 'status'],
  ])('records a submission with %s as invalid and enqueues nothing', async (_, doc, field) => {
    const change = write('submissions', doc);
    const before = enqueued.length;

    await handleSubmissionWrite(change, services);

    const records = await invalidRecordFor(change.path);
    expect(records).toHaveLength(1);
    expect(records[0]?.error.message).toContain(field);
    expect(enqueued.length).toBe(before);
  });
});

const MALFORMED_PAYLOADS: Record<TaskType, unknown> = {
  analytics: { eventId: 'e', event: 'bounty_funded', occurredAt: 'yesterday' },
  notification: { notificationId: 'n', userId: 'u', type: 't', title: huge, message: 'm' },
  content_verification: { submissionId: 'a/b' },
  escrow_release: { escrowPaymentId: 42 },
  escrow_refund: { escrowPaymentId: 'e', reason: 'because' },
  canary: { note: 'n', failFirstAttempts: -1 },
};

async function runTask(type: TaskType, payload: unknown, envelope: Record<string, unknown> = {}) {
  const taskId = `bad-${randomUUID().slice(0, 12)}`;
  const result = await handleTask(
    findQueue(type, 'normal'),
    {
      data: {
        taskId,
        type,
        priority: 'normal',
        payload,
        context: { operation: 'test.bad' },
        enqueuedAt: '',
        ...envelope,
      },
      retryCount: 0,
    },
    { maxAttempts: 5, services },
  );
  const letter = (await db.collection('deadLetters').doc(taskId).get()).data();
  const record = (await db.collection('tasks').doc(taskId).get()).data();
  return { result, letter, record };
}

describe('malformed task payloads', () => {
  it.each(TASK_TYPES.map((type) => [type]))(
    'dead-letters a malformed %s payload on its first attempt',
    async (type) => {
      const { result, letter, record } = await runTask(type, MALFORMED_PAYLOADS[type]);

      expect(result).toBe('dead');
      expect(record).toMatchObject({ status: 'dead', attempts: 1 });
      expect(letter?.error.code).toBe('invalid_input');
      expect(letter?.error.message.length).toBeGreaterThan(10);
    },
  );

  it.each([
    ['a missing envelope', null],
    ['an envelope of another queue', { type: 'analytics' }],
    ['an envelope without context', { context: undefined }],
  ])('dead-letters %s without retrying', async (_, envelope) => {
    const taskId = `bad-${randomUUID().slice(0, 12)}`;
    const data =
      envelope === null
        ? null
        : {
            taskId,
            type: 'escrow_release',
            priority: 'normal',
            payload: { escrowPaymentId: 'x' },
            context: { operation: 'o' },
            ...envelope,
          };

    const result = await handleTask(
      getQueue('escrowReleaseNormal'),
      { data, id: taskId, retryCount: 0 },
      { maxAttempts: 5, services },
    );

    expect(result).toBe('dead');
    expect((await db.collection('deadLetters').doc(taskId).get()).get('error.code')).toBe(
      'invalid_input',
    );
  });

  it.each([
    ['escrow_release', { escrowPaymentId: 'missing-escrow' }, 'escrow_not_found'],
    [
      'escrow_refund',
      { escrowPaymentId: 'missing-escrow', reason: 'operator' },
      'escrow_not_found',
    ],
    [
      'notification',
      { notificationId: 'n1', userId: 'missing-user', type: 't', title: 't', message: 'm' },
      'user_not_found',
    ],
    ['content_verification', { submissionId: 'missing-submission' }, 'submission_not_found'],
  ] as const)('dead-letters %s for a missing document with %s', async (type, payload, code) => {
    const { result, letter } = await runTask(type, payload);

    expect(result).toBe('dead');
    expect(letter?.error.code).toBe(code);
  });

  it('dead-letters a release of an escrow document with a negative amount', async () => {
    const id = `bad-escrow-${randomUUID().slice(0, 8)}`;
    await db.collection('escrowPayments').doc(id).set({
      bountyId: 'b',
      businessId: 'x',
      amountCents: -100,
      currency: 'usd',
      paymentIntentId: 'pi',
      status: 'release_scheduled',
      releaseAt: Timestamp.now(),
    });

    const { result, letter } = await runTask('escrow_release', { escrowPaymentId: id });

    expect(result).toBe('dead');
    expect(letter?.error.code).toBe('escrow_invalid');
    expect(letter?.error.message).toContain('amountCents');
  });
});

describe('hostile inputs elsewhere', () => {
  it('records a webhook event for an intent without bounty metadata and changes nothing', async () => {
    const event = {
      id: `evt_${randomUUID()}`,
      type: 'payment_intent.succeeded',
      created: 0,
      object: { id: 'pi_x', amount: 100, currency: 'usd', metadata: {} },
    };

    expect(await handleStripeEvent(event, services)).toBe('handled');
    expect((await db.collection('processedEvents').doc(event.id).get()).get('note')).toBe(
      'no_bounty_metadata',
    );
  });

  it('rejects hostile content links with a reason per link, terminally', async () => {
    const links = [
      'javascript:alert(1)',
      'https://user:pw@www.tiktok.com/@a/video/1',
      'http://www.tiktok.com/@a/video/2',
      'https://127.0.0.1/x',
      'https://tiktok.com.evil.example/@a/video/3',
    ];
    const id = `hostile-${randomUUID().slice(0, 8)}`;
    await db
      .collection('submissions')
      .doc(id)
      .set({ ...submission({ contentLinks: links }), createdAt: Timestamp.now() });

    const { result } = await runTask('content_verification', { submissionId: id });

    const stored = (await db.collection('submissions').doc(id).get()).data();
    expect(result).toBe('succeeded');
    expect(stored?.status).toBe('rejected');
    expect(stored?.verification.checks.map((check: { ok: boolean }) => check.ok)).toEqual([
      false,
      false,
      false,
      false,
      false,
    ]);
    for (const check of stored?.verification.checks ?? []) expect(check.reason).toBeTruthy();
  });

  it('leaves the valid bounty and escrow untouched', async () => {
    const bountyDoc = (await db.collection('bounties').doc(VALID_BOUNTY).get()).data();
    const escrowDoc = (await db.collection('escrowPayments').doc(VALID_ESCROW).get()).data();

    expect(bountyDoc?.status).toBe('active');
    expect(bountyDoc?.escrowPaymentId).toBe(VALID_ESCROW);
    expect(escrowDoc).toMatchObject({ status: 'held', amountCents: 5_000, moneyAttempts: 0 });
  });
});
