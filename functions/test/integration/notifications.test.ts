/**
 * The `notification` processor against the Firestore emulator, called in-process: each channel
 * delivers once however often the task runs, pushes are recorded by the emulator push sender
 * (`emulatorPushLog`), and tokens it reports invalid are pruned from the user.
 */
import { Timestamp } from 'firebase-admin/firestore';
import { describe, expect, it } from 'vitest';

import {
  EMULATOR_PUSH_LOG,
  createEmulatorPushSender,
} from '../../src/adapters/emulator-push-sender';
import type { PushSender } from '../../src/adapters/push-sender';
import { TransientError } from '../../src/domain/errors';
import { parsePayload, type PayloadInput } from '../../src/domain/payloads';
import { sendNotification } from '../../src/processors/send-notification';
import type { TaskRun } from '../../src/processors/types';
import { sleep, testDb, uniqueId } from '../support/emulator';
import { testServices } from '../support/services';

interface UserSeed {
  email?: string;
  displayName?: string;
  fcmTokens?: string[];
}

async function seedUser(seed: UserSeed = {}): Promise<string> {
  const uid = uniqueId('user');
  await testDb()
    .collection('users')
    .doc(uid)
    .set({
      role: 'creator',
      displayName: 'Casey',
      email: `${uid}@example.test`,
      fcmTokens: [`phone-${uid}`],
      ...seed,
    });
  return uid;
}

function notificationFor(userId: string, extra: Partial<PayloadInput<'notification'>> = {}) {
  return parsePayload('notification', {
    notificationId: uniqueId('notif'),
    userId,
    type: 'submission_approved',
    title: 'Submission approved',
    message: 'Your content for "Acme" was approved.',
    data: { kind: 'submission_approved', bountyId: 'bounty-1' },
    ...extra,
  });
}

function runOf(taskId = uniqueId('task'), attempt = 1): TaskRun {
  return {
    taskId,
    attempt,
    maxAttempts: 5,
    isLastAttempt: false,
    context: { userId: null, operation: 'notify.test' },
  };
}

function inAppRef(userId: string, notificationId: string) {
  return testDb().collection('users').doc(userId).collection('notifications').doc(notificationId);
}

async function inAppDocs(userId: string) {
  return (await testDb().collection('users').doc(userId).collection('notifications').get()).docs;
}

async function mailDocs(notificationId: string) {
  const snapshot = await testDb()
    .collection('mail')
    .where('notificationId', '==', notificationId)
    .get();
  return snapshot.docs;
}

async function pushLog(notificationId: string) {
  const snapshot = await testDb()
    .collection(EMULATOR_PUSH_LOG)
    .where('data.notificationId', '==', notificationId)
    .get();
  return snapshot.docs.map((doc) => doc.data());
}

async function tokensOf(userId: string) {
  return (await testDb().collection('users').doc(userId).get()).get('fcmTokens') as string[];
}

/** The emulator sender, slowed down so concurrent runs overlap while one of them is sending. */
function slowSender(ms: number): PushSender {
  const sender = createEmulatorPushSender(testDb());
  return { send: async (tokens, message) => (await sleep(ms), sender.send(tokens, message)) };
}

/**
 * An emulator sender whose first send waits until released, to hold a push claim open. Later
 * sends go straight through, so a broken claim shows up as a second log entry, not a hang.
 */
function holdFirstSend() {
  const sender = createEmulatorPushSender(testDb());
  let release = () => {};
  let markEntered = () => {};
  const gate = new Promise<void>((resolve) => (release = resolve));
  const entered = new Promise<void>((resolve) => (markEntered = resolve));
  let calls = 0;
  const held: PushSender = {
    send: async (tokens, message) => {
      calls += 1;
      if (calls === 1) {
        markEntered();
        await gate;
      }
      return sender.send(tokens, message);
    },
  };
  return { sender: held, entered, release: () => release() };
}

describe('notification processor', () => {
  it('creates the in-app doc, queues an escaped email, pushes and prunes the invalid token', async () => {
    const uid = await seedUser({
      displayName: '<b>Ann & "Co"</b>',
      fcmTokens: ['phone-good', 'invalid-old-phone'],
    });
    const payload = notificationFor(uid, { message: 'Paid <script>alert(1)</script> & done' });

    await sendNotification(payload, runOf(), testServices());

    const inApp = (await inAppRef(uid, payload.notificationId).get()).data();
    expect(inApp).toMatchObject({
      type: 'submission_approved',
      title: 'Submission approved',
      message: payload.message,
      data: { kind: 'submission_approved', bountyId: 'bounty-1' },
      read: false,
      delivery: { email: 'queued', push: 'sent', pushDelivered: 1, pushPruned: 1 },
    });
    expect(inApp?.createdAt).toBeInstanceOf(Timestamp);

    const mail = (await testDb().collection('mail').doc(payload.notificationId).get()).data();
    expect(mail?.to).toBe(`${uid}@example.test`);
    expect(mail?.message.subject).toBe('Submission approved');
    expect(mail?.message.text).toContain('Paid <script>alert(1)</script> & done');
    expect(mail?.message.html).toContain('Paid &lt;script&gt;alert(1)&lt;/script&gt; &amp; done');
    expect(mail?.message.html).toContain('Hi &lt;b&gt;Ann &amp; &quot;Co&quot;&lt;/b&gt;,');
    expect(mail?.message.html).not.toMatch(/<script>|<b>/);

    const pushes = await pushLog(payload.notificationId);
    expect(pushes).toHaveLength(1);
    expect(pushes[0]).toMatchObject({
      tokens: ['phone-good', 'invalid-old-phone'],
      title: 'Submission approved',
      body: payload.message,
      data: { bountyId: 'bounty-1', notificationId: payload.notificationId },
    });
    expect(await tokensOf(uid)).toEqual(['phone-good']);
  });

  it('delivers once when the same task runs twice', async () => {
    const uid = await seedUser();
    const payload = notificationFor(uid);
    const run = runOf();

    await sendNotification(payload, run, testServices());
    const first = (await inAppRef(uid, payload.notificationId).get()).get('createdAt');
    await sendNotification(payload, { ...run, attempt: 2 }, testServices());

    expect(await inAppDocs(uid)).toHaveLength(1);
    expect((await inAppRef(uid, payload.notificationId).get()).get('createdAt')).toEqual(first);
    expect(await mailDocs(payload.notificationId)).toHaveLength(1);
    expect(await pushLog(payload.notificationId)).toHaveLength(1);
  });

  it('delivers once when two copies run at the same time', async () => {
    const uid = await seedUser();
    const payload = notificationFor(uid);
    const services = testServices({ push: async () => slowSender(300) });
    const run = runOf();

    const results = await Promise.allSettled([
      sendNotification(payload, run, services),
      sendNotification(payload, runOf(), services),
    ]);

    expect(results.filter((result) => result.status === 'fulfilled').length).toBeGreaterThan(0);
    for (const result of results) {
      if (result.status === 'rejected') {
        expect(result.reason).toMatchObject({ code: 'push_in_progress', retryable: true });
      }
    }
    await sendNotification(payload, { ...run, attempt: 2 }, services);
    expect(await inAppDocs(uid)).toHaveLength(1);
    expect(await mailDocs(payload.notificationId)).toHaveLength(1);
    expect(await pushLog(payload.notificationId)).toHaveLength(1);
  });

  it('makes a duplicate that arrives mid-push wait instead of pushing again', async () => {
    const uid = await seedUser();
    const payload = notificationFor(uid);
    const run = runOf();
    const held = holdFirstSend();
    const services = testServices({ push: async () => held.sender });

    const first = sendNotification(payload, run, services);
    await held.entered;
    const duplicate = await sendNotification(payload, run, services).catch((error) => error);
    held.release();
    await first;

    expect(duplicate).toMatchObject({ code: 'push_in_progress', retryable: true });
    await sendNotification(payload, { ...run, attempt: 2 }, services);
    expect(await pushLog(payload.notificationId)).toHaveLength(1);
    expect((await inAppRef(uid, payload.notificationId).get()).get('delivery.push')).toBe('sent');
  });

  it('skips email for a user without an address and says so', async () => {
    const uid = await seedUser({ email: undefined });
    const payload = notificationFor(uid);

    await sendNotification(payload, runOf(), testServices());

    expect(await mailDocs(payload.notificationId)).toHaveLength(0);
    expect((await testDb().collection('mail').doc(payload.notificationId).get()).exists).toBe(
      false,
    );
    expect((await inAppRef(uid, payload.notificationId).get()).get('delivery')).toMatchObject({
      email: 'skipped',
      push: 'sent',
    });
  });

  it('records push as skipped for a user without device tokens', async () => {
    const uid = await seedUser({ fcmTokens: [] });
    const payload = notificationFor(uid);

    await sendNotification(payload, runOf(), testServices());

    expect(await pushLog(payload.notificationId)).toHaveLength(0);
    expect((await inAppRef(uid, payload.notificationId).get()).get('delivery.push')).toBe(
      'skipped',
    );
  });

  it('fails permanently with user_not_found for a missing user and writes nothing', async () => {
    const uid = uniqueId('ghost');
    const payload = notificationFor(uid);

    await expect(sendNotification(payload, runOf(), testServices())).rejects.toMatchObject({
      name: 'PermanentError',
      code: 'user_not_found',
      retryable: false,
    });
    expect(await inAppDocs(uid)).toHaveLength(0);
    expect(await mailDocs(payload.notificationId)).toHaveLength(0);
  });

  it('honours an in-app-only channel list', async () => {
    const uid = await seedUser();
    const payload = notificationFor(uid, { channels: ['in_app'] });

    await sendNotification(payload, runOf(), testServices());

    const inApp = await inAppRef(uid, payload.notificationId).get();
    expect(inApp.exists).toBe(true);
    expect(inApp.get('delivery')).toBeUndefined();
    expect(await mailDocs(payload.notificationId)).toHaveLength(0);
    expect(await pushLog(payload.notificationId)).toHaveLength(0);
  });

  it('honours a push-only channel list, keeping bookkeeping off the user', async () => {
    const uid = await seedUser();
    const payload = notificationFor(uid, { channels: ['push'] });

    await sendNotification(payload, runOf(), testServices());

    expect(await inAppDocs(uid)).toHaveLength(0);
    expect(await mailDocs(payload.notificationId)).toHaveLength(0);
    expect(await pushLog(payload.notificationId)).toHaveLength(1);
    const record = await testDb()
      .collection('notificationDeliveries')
      .doc(payload.notificationId)
      .get();
    expect(record.get('delivery.push')).toBe('sent');
  });

  it('releases the push claim on a transient FCM failure so the retry sends', async () => {
    const uid = await seedUser();
    const payload = notificationFor(uid, { channels: ['in_app', 'push'] });
    const run = runOf();
    const failing: PushSender = {
      send: async () => {
        throw new TransientError('fcm_unavailable', 'FCM is down');
      },
    };

    await expect(
      sendNotification(payload, run, testServices({ push: async () => failing })),
    ).rejects.toMatchObject({ code: 'fcm_unavailable', retryable: true });
    expect((await inAppRef(uid, payload.notificationId).get()).get('delivery.push')).toBe(
      'pending',
    );
    expect(await pushLog(payload.notificationId)).toHaveLength(0);

    await sendNotification(payload, { ...run, attempt: 2 }, testServices());

    expect(await pushLog(payload.notificationId)).toHaveLength(1);
    expect((await inAppRef(uid, payload.notificationId).get()).get('delivery.push')).toBe('sent');
  });

  it('waits for a live claim of another task but takes over one left by a crashed attempt', async () => {
    const uid = await seedUser();
    const payload = notificationFor(uid, { channels: ['in_app', 'push'] });
    const run = runOf(uniqueId('task'), 2);
    const ref = inAppRef(uid, payload.notificationId);
    await sendNotification({ ...payload, channels: ['in_app'] }, run, testServices());
    const claim = (holder: { taskId: string; attempt: number }) => ({
      delivery: { push: 'sending', pushClaimedAt: Timestamp.now(), pushClaimedBy: holder },
    });

    await ref.set(claim({ taskId: 'other-task', attempt: 1 }), { merge: true });
    await expect(sendNotification(payload, run, testServices())).rejects.toMatchObject({
      code: 'push_in_progress',
    });
    expect(await pushLog(payload.notificationId)).toHaveLength(0);

    await ref.set(claim({ taskId: run.taskId, attempt: 1 }), { merge: true });
    await sendNotification(payload, run, testServices());
    expect(await pushLog(payload.notificationId)).toHaveLength(1);
    expect((await ref.get()).get('delivery.push')).toBe('sent');
  });
});
