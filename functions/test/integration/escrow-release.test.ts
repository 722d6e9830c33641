/**
 * The release processor against the Stripe stand-in under duplicates, crashes, contention and
 * faults. Processors run in-process; every retry below is what Cloud Tasks would do.
 */
import { Timestamp } from 'firebase-admin/firestore';
import { afterEach, describe, expect, it } from 'vitest';

import { isAppError } from '../../src/domain/errors';
import { getQueue } from '../../src/config/queues';
import { handleTask } from '../../src/runtime/handle-task';
import { releaseEscrow } from '../../src/processors/release-escrow';
import {
  clearStripeFaults,
  createConnectedAccount,
  injectStripeFault,
} from '../../tools/stand-ins/admin-client';
import { escrowStatus, seedEscrow } from '../support/escrows';
import { testDb, uniqueId } from '../support/emulator';
import { transfersInGroup } from '../support/lifecycle';
import { STRIPE_URL, testServices } from '../support/services';

const run = (attempt = 1) => ({
  taskId: uniqueId('task'),
  attempt,
  maxAttempts: 50,
  isLastAttempt: false,
  context: { operation: 'test.release' },
});

/** Runs the processor as Cloud Tasks would: again after every transient failure. */
async function releaseWithRetries(escrowPaymentId: string, maxAttempts = 40): Promise<number> {
  for (let attempt = 1; attempt <= maxAttempts; attempt += 1) {
    try {
      await releaseEscrow({ escrowPaymentId }, run(attempt), testServices());
      return attempt;
    } catch (error) {
      if (!isAppError(error) || !error.retryable) throw error;
    }
  }
  throw new Error(`release of ${escrowPaymentId} did not finish in ${maxAttempts} attempts`);
}

async function account(): Promise<string> {
  return (await createConnectedAccount(STRIPE_URL, {})).id;
}

describe('escrow release', () => {
  afterEach(async () => {
    await clearStripeFaults(STRIPE_URL);
  });

  it('makes one transfer with the bounty transfer group and the funding charge as source', async () => {
    const seeded = await seedEscrow(await account());

    await releaseWithRetries(seeded.escrowPaymentId);
    await releaseWithRetries(seeded.escrowPaymentId);

    const transfers = await transfersInGroup(seeded.bountyId);
    expect(transfers).toHaveLength(1);
    expect(transfers[0]).toMatchObject({
      amount: 2_500,
      destination: seeded.accountId,
      source_transaction: seeded.chargeId,
      transfer_group: seeded.bountyId,
    });
    expect(await escrowStatus(seeded.escrowPaymentId)).toMatchObject({
      status: 'released',
      transferId: transfers[0]?.id,
    });
  });

  it('makes one transfer when 20 release attempts race for the same escrow', async () => {
    const seeded = await seedEscrow(await account());

    const results = await Promise.allSettled(
      Array.from({ length: 20 }, () =>
        releaseEscrow({ escrowPaymentId: seeded.escrowPaymentId }, run(), testServices()),
      ),
    );

    const losers = results.filter((result) => result.status === 'rejected');
    for (const loser of losers) {
      expect((loser as PromiseRejectedResult).reason).toMatchObject({ retryable: true });
    }
    expect(await transfersInGroup(seeded.bountyId)).toHaveLength(1);
    expect((await escrowStatus(seeded.escrowPaymentId))?.status).toBe('released');
  });

  it('ends with the same single transfer when Stripe accepted it but the answer was lost', async () => {
    const seeded = await seedEscrow(await account());
    await injectStripeFault(STRIPE_URL, {
      endpoint: 'transfers',
      method: 'POST',
      kind: 'effect_then_500',
      count: 1,
    });

    const attempts = await releaseWithRetries(seeded.escrowPaymentId);

    expect(attempts).toBe(2);
    const transfers = await transfersInGroup(seeded.bountyId);
    expect(transfers).toHaveLength(1);
    expect((await escrowStatus(seeded.escrowPaymentId))?.transferId).toBe(transfers[0]?.id);
  });

  it('reconciles a releasing escrow whose lease expired to the transfer Stripe already made', async () => {
    const seeded = await seedEscrow(await account(), {
      status: 'releasing',
      leaseExpiresAt: Timestamp.fromMillis(Date.now() - 1_000),
      moneyAttempts: 1,
    });
    const payments = await testServices().payments();
    const made = await payments.createTransfer({
      amountCents: 2_500,
      currency: 'usd',
      destination: seeded.accountId,
      transferGroup: seeded.bountyId,
      sourceTransaction: seeded.chargeId,
      metadata: { escrowPaymentId: seeded.escrowPaymentId },
      idempotencyKey: uniqueId('crashed-attempt'),
    });

    await releaseWithRetries(seeded.escrowPaymentId);

    expect(await transfersInGroup(seeded.bountyId)).toHaveLength(1);
    expect(await escrowStatus(seeded.escrowPaymentId)).toMatchObject({
      status: 'released',
      transferId: made.id,
    });
  });

  it('completes every release exactly once with 429 and 500 on 30% of Stripe calls', async () => {
    const destination = await account();
    const seeded = await Promise.all(Array.from({ length: 8 }, () => seedEscrow(destination)));
    await injectStripeFault(STRIPE_URL, { endpoint: '*', kind: '429', probability: 0.15, seed: 7 });
    await injectStripeFault(STRIPE_URL, {
      endpoint: '*',
      kind: '500',
      probability: 0.18,
      seed: 11,
    });

    const attempts = await Promise.all(
      seeded.map((escrow) => releaseWithRetries(escrow.escrowPaymentId)),
    );
    await clearStripeFaults(STRIPE_URL);

    process.stdout.write(`stripe faults: releases needed ${attempts.join(', ')} attempts\n`);
    for (const escrow of seeded) {
      expect(await transfersInGroup(escrow.bountyId)).toHaveLength(1);
      expect((await escrowStatus(escrow.escrowPaymentId))?.status).toBe('released');
    }
    expect(attempts.some((count) => count > 1)).toBe(true);
  });

  it('fails the escrow, dead-letters the task and alerts operators when the account is gone', async () => {
    const seeded = await seedEscrow('acct_does_not_exist');
    const taskId = uniqueId('release');

    const result = await handleTask(
      getQueue('escrowReleaseHigh'),
      {
        data: {
          taskId,
          type: 'escrow_release',
          priority: 'high',
          payload: { escrowPaymentId: seeded.escrowPaymentId },
          context: { operation: 'test.permanent' },
          enqueuedAt: new Date().toISOString(),
        },
        retryCount: 0,
      },
      { maxAttempts: 5, services: testServices() },
    );

    expect(result).toBe('dead');
    expect(await escrowStatus(seeded.escrowPaymentId)).toMatchObject({
      status: 'failed',
      lastError: { code: 'stripe_resource_missing' },
    });
    const letter = (await testDb().collection('deadLetters').doc(taskId).get()).data();
    expect(letter?.error.code).toBe('stripe_resource_missing');
    expect(letter?.attempts).toBe(1);
    const alerts = await testDb()
      .collection('operatorAlerts')
      .where('subject', '==', `escrowPayments/${seeded.escrowPaymentId}`)
      .get();
    expect(alerts.docs.map((doc) => doc.get('kind'))).toEqual(['payout_failed']);
    expect(await transfersInGroup(seeded.bountyId)).toHaveLength(0);
  });
});
