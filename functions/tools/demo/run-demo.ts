/**
 * The demo: drives whole bounty lifecycles against the emulator suite and the local Stripe and
 * oEmbed stand-ins, and prints what happened. Run through `npm run demo` (scripts/demo.sh), which
 * starts everything with the seed data of emulator-data/.
 *
 * Stories:
 * 1. Acme funds a bounty, Ana submits a video, it is verified, Acme approves, Ana is paid.
 * 2. A second bounty passes its deadline unawarded: the sweep expires it and refunds Acme.
 * 3. A poison task (a notification for a user with no profile) is dead-lettered; once the profile
 *    exists an operator replays it and it succeeds.
 */
import { Timestamp } from 'firebase-admin/firestore';

import { createEnqueue } from '../../src/runtime/enqueue';
import { createCloudTasksDispatcher } from '../../src/adapters/task-dispatcher';
import { notificationTask } from '../../src/domain/notifications';
import { runSweep } from '../../src/processors/run-sweep';
import { replayDeadLetter } from '../../src/processors/replay-dead-letter';
import { testDb, waitFor, waitForTask } from '../../test/support/emulator';
import { testServices, OEMBED_URL, STRIPE_URL } from '../../test/support/services';
import { buildBounty } from '../../test/support/builders';
import { makeBountyOverdue } from '../../test/support/time-travel';
import {
  createConnectedAccount,
  getStripeState,
  registerContent,
  succeedPaymentIntent,
} from '../stand-ins/admin-client';
import { readQueueStatus } from '../../src/processors/read-queue-status';
import { createRecordsInspector } from '../../src/runtime/queue-inspector';
import { statusView } from '../ops/views';
import { print, printFinalState, say, signIn, callAs, type Touched } from './demo-output';

const touched: Touched = { bounties: [], submissions: [], escrowPayments: [], deadLetters: [] };

async function waitForField(path: string, field: string, wanted: string[], what: string) {
  return waitFor(
    async () => {
      const value = (await testDb().doc(path).get()).get(field) as string | undefined;
      return value && wanted.includes(value) ? value : undefined;
    },
    { timeoutMs: 90_000, what },
  );
}

async function fundBounty(
  title: string,
  rewardCents: number,
): Promise<{ id: string; escrow: string }> {
  const business = await signIn('owner@acme.example');
  const id = `demo-${title.toLowerCase().replace(/[^a-z0-9]+/g, '-')}-${Date.now()}`;
  await testDb()
    .collection('bounties')
    .doc(id)
    .set(buildBounty({ businessId: business.uid, title, rewardCents }));
  touched.bounties.push(id);
  say(`Acme created draft bounty "${title}" (${(rewardCents / 100).toFixed(2)} USD)`);

  const funding = await callAs<{ paymentIntentId: string }>(
    'createBountyFunding',
    { bountyId: id },
    business,
  );
  say(`createBountyFunding → PaymentIntent ${funding.paymentIntentId}; Acme pays it`);
  const settled = await succeedPaymentIntent(STRIPE_URL, funding.paymentIntentId);
  say(`Stripe sent payment_intent.succeeded → webhook answered ${settled.webhook?.status}`);
  await waitForField(`bounties/${id}`, 'status', ['active'], 'bounty active');
  const escrow = (await testDb().doc(`bounties/${id}`).get()).get('escrowPaymentId') as string;
  touched.escrowPayments.push(escrow);
  say(`bounty is active; escrow ${escrow} holds the funds`);
  return { id, escrow };
}

async function payoutStory(): Promise<void> {
  say('— Story 1: fund → submit → verify → approve → release');
  const { id, escrow } = await fundBounty('30 s TikTok using #acme', 5_000);
  const link = `https://www.tiktok.com/@ana/video/${Date.now()}`;
  await registerContent(OEMBED_URL, {
    url: link,
    caption: 'Lunch sorted with @acme #acme',
    authorName: 'ana',
  });
  const submissionId = `demo-submission-${Date.now()}`;
  await testDb()
    .collection('submissions')
    .doc(submissionId)
    .set({
      bountyId: id,
      creatorId: 'creator-ana',
      contentLinks: [link],
      status: 'submitted',
      createdAt: Timestamp.now(),
    });
  touched.submissions.push(submissionId);
  say(`Ana submitted ${link}`);
  const verdict = await waitForField(
    `submissions/${submissionId}`,
    'status',
    ['verified', 'rejected', 'needs_review'],
    'verification',
  );
  say(`content verification → ${verdict}`);
  await testDb().collection('submissions').doc(submissionId).update({ status: 'approved' });
  say('Acme approved the submission');
  await waitForField(`escrowPayments/${escrow}`, 'status', ['released', 'failed'], 'release');
  const transferId = (await testDb().doc(`escrowPayments/${escrow}`).get()).get('transferId');
  say(`escrow released: transfer ${transferId} to acct_demo_ana; bounty completed`);
}

async function expiryStory(): Promise<void> {
  say('— Story 2: a bounty expires unawarded → sweep → refund');
  const { id, escrow } = await fundBounty('Unboxing on YouTube', 2_500);
  await makeBountyOverdue(id, escrow);
  say('the deadline passes with no approved submission; the 15-minute sweep runs');
  const report = await runSweep(testServices());
  say(`sweep: ${report.bountiesExpired} bounty expired, ${report.refundsEnqueued} refund enqueued`);
  await waitForField(`escrowPayments/${escrow}`, 'status', ['refunded', 'failed'], 'refund');
  const refundId = (await testDb().doc(`escrowPayments/${escrow}`).get()).get('refundId');
  say(`escrow refunded to Acme: ${refundId}`);
}

async function poisonStory(): Promise<void> {
  say('— Story 3: a poison task → dead letter → operator replay');
  const enqueue = createEnqueue(testDb(), createCloudTasksDispatcher());
  const ghost = `user-without-profile-${Date.now()}`;
  const task = notificationTask('bounty_live', { userId: ghost, bountyId: 'demo' });
  const { taskId } = await enqueue(task);
  const dead = await waitForTask(taskId, ['dead', 'succeeded']);
  touched.deadLetters.push(taskId);
  say(`notification for ${ghost} → ${dead.status}: ${JSON.stringify(dead.lastError)}`);
  await testDb()
    .collection('users')
    .doc(ghost)
    .set({ role: 'creator', email: `${ghost}@example.test`, displayName: 'Late Joiner' });
  say('the missing profile is created; the operator replays the dead letter');
  const replay = await replayDeadLetter(testDb(), enqueue, taskId, 'ops-admin');
  const replayed = await waitForTask(replay.replayTaskId, ['succeeded', 'dead']);
  say(`replay task ${replay.replayTaskId} → ${replayed.status}`);
}

async function main(): Promise<void> {
  await createConnectedAccount(STRIPE_URL, { id: 'acct_demo_ana' });
  await createConnectedAccount(STRIPE_URL, { id: 'acct_demo_ben' });
  await payoutStory();
  await expiryStory();
  await poisonStory();

  const state = await getStripeState(STRIPE_URL);
  const ok = await printFinalState(touched, state);
  const status = await readQueueStatus(testDb(), createRecordsInspector(testDb()));
  print(`\n${statusView(status, 'emulator suite')}`);
  if (!ok) {
    say('demo: FAILED: some escrow payment did not reach a terminal state');
    process.exit(1);
  }
  say('demo finished: every escrow payment is in a terminal state');
}

main().catch((error: unknown) => {
  say(`demo failed: ${error instanceof Error ? error.stack : String(error)}`);
  process.exit(1);
});
