/**
 * Drives the marketplace as clients do: users in the Auth emulator, documents written to
 * Firestore, funding through the callable, payment through the Stripe stand-in's webhook.
 */
import { Timestamp } from 'firebase-admin/firestore';

import {
  createConnectedAccount,
  getStripeState,
  registerContent,
  succeedPaymentIntent,
} from '../../tools/stand-ins/admin-client';
import { buildBounty, type BountyDoc } from './builders';
import { FUNCTIONS_URL, testDb, uniqueId, waitFor } from './emulator';
import { OEMBED_URL, STRIPE_URL } from './services';

const AUTH_URL = `http://${process.env.FIREBASE_AUTH_EMULATOR_HOST ?? '127.0.0.1:9099'}`;

export interface TestUser {
  uid: string;
  idToken: string;
  email: string;
}

/** Signs a user up in the Auth emulator and writes its profile document. */
export async function createUser(
  role: 'business' | 'creator',
  extra: Record<string, unknown> = {},
): Promise<TestUser> {
  const email = `${uniqueId(role)}@example.test`;
  const response = await fetch(
    `${AUTH_URL}/identitytoolkit.googleapis.com/v1/accounts:signUp?key=fake-api-key`,
    {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ email, password: 'password-123', returnSecureToken: true }),
    },
  );
  const body = (await response.json()) as { idToken: string; localId: string };
  await testDb()
    .collection('users')
    .doc(body.localId)
    .set({ role, email, displayName: role, fcmTokens: [`token-${body.localId}`], ...extra });
  return { uid: body.localId, idToken: body.idToken, email };
}

/** A creator with a connected account at the Stripe stand-in. */
export async function createCreator(): Promise<TestUser & { accountId: string }> {
  const account = await createConnectedAccount(STRIPE_URL, {});
  const user = await createUser('creator', { stripeAccountId: account.id });
  return { ...user, accountId: account.id };
}

/** Calls a callable function in the Functions emulator as `user`. */
export async function callFunction<T>(name: string, data: unknown, user?: TestUser) {
  const response = await fetch(`${FUNCTIONS_URL}/${name}`, {
    method: 'POST',
    headers: {
      'content-type': 'application/json',
      ...(user ? { authorization: `Bearer ${user.idToken}` } : {}),
    },
    body: JSON.stringify({ data }),
  });
  const body = (await response.json()) as { result?: T; error?: { status: string } };
  return { status: response.status, result: body.result, error: body.error };
}

/** Writes a draft bounty, funds it through the callable and the Stripe webhook, waits for it to be active. */
export async function createActiveBounty(
  business: TestUser,
  overrides: Partial<BountyDoc> = {},
): Promise<{ bountyId: string; escrowPaymentId: string; paymentIntentId: string }> {
  const bountyId = uniqueId('bounty');
  await testDb()
    .collection('bounties')
    .doc(bountyId)
    .set(buildBounty({ businessId: business.uid, status: 'draft', ...overrides }));

  const funding = await callFunction<{ paymentIntentId: string }>(
    'createBountyFunding',
    { bountyId },
    business,
  );
  if (!funding.result) throw new Error(`funding failed: ${JSON.stringify(funding)}`);
  const settlement = await succeedPaymentIntent(STRIPE_URL, funding.result.paymentIntentId);
  if (settlement.webhook?.status !== 200) {
    throw new Error(`webhook answered ${JSON.stringify(settlement.webhook)}`);
  }
  const escrowPaymentId = await waitFor(
    async () => {
      const bounty = await testDb().collection('bounties').doc(bountyId).get();
      return bounty.get('status') === 'active'
        ? (bounty.get('escrowPaymentId') as string)
        : undefined;
    },
    { what: `bounty ${bountyId} to become active` },
  );
  return { bountyId, escrowPaymentId, paymentIntentId: funding.result.paymentIntentId };
}

/** Registers content at the oEmbed stand-in carrying the bounty's default hashtag and mention. */
export async function publishContent(caption = 'Loving it #acme @acme'): Promise<string> {
  const url = `https://www.tiktok.com/@creator/video/${Date.now()}${Math.floor(Math.random() * 1e6)}`;
  await registerContent(OEMBED_URL, { url, caption });
  return url;
}

export async function submitContent(bountyId: string, creator: TestUser, links: string[]) {
  const submissionId = uniqueId('submission');
  await testDb().collection('submissions').doc(submissionId).set({
    bountyId,
    creatorId: creator.uid,
    contentLinks: links,
    status: 'submitted',
    createdAt: Timestamp.now(),
  });
  return submissionId;
}

export async function waitForDoc(
  path: string,
  accept: (data: Record<string, unknown>) => boolean,
  what: string,
  timeoutMs = 60_000,
): Promise<Record<string, unknown>> {
  return waitFor(
    async () => {
      const data = (await testDb().doc(path).get()).data();
      return data && accept(data) ? data : undefined;
    },
    { what, timeoutMs },
  );
}

export async function transfersInGroup(transferGroup: string) {
  const state = await getStripeState(STRIPE_URL);
  return state.transfers.filter((transfer) => transfer.transfer_group === transferGroup);
}

export async function refundsFor(paymentIntentId: string) {
  const state = await getStripeState(STRIPE_URL);
  return state.refunds.filter((refund) => refund.payment_intent === paymentIntentId);
}

/** Notifications of one user grouped by kind. */
export async function notificationKinds(uid: string): Promise<Record<string, number>> {
  const docs = await testDb().collection('users').doc(uid).collection('notifications').get();
  const kinds: Record<string, number> = {};
  for (const doc of docs.docs) kinds[doc.get('type')] = (kinds[doc.get('type')] ?? 0) + 1;
  return kinds;
}
