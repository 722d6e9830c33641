/**
 * The world a soak test runs in: its own Firestore database (an emulator project id of its own,
 * so the deployed triggers in the Functions emulator do not fire on it), users with connected
 * accounts at the Stripe stand-in, a simulated task queue, and services wired to all of it.
 */
import { randomUUID } from 'node:crypto';

import { initializeApp } from 'firebase-admin/app';
import { getFirestore, type Firestore } from 'firebase-admin/firestore';

import { createEmulatorPushSender } from '../../src/adapters/emulator-push-sender';
import type { PaymentGateway } from '../../src/adapters/payment-gateway';
import { createStripeGateway } from '../../src/adapters/stripe-gateway';
import type { Services } from '../../src/processors/types';
import { createConnectedAccount } from '../../tools/stand-ins/admin-client';
import type { Random } from './prng';
import { OEMBED_URL, STRIPE_TEST_KEY, STRIPE_URL } from './services';
import { SimQueue } from './sim-queue';

export interface SoakWorld {
  db: Firestore;
  queue: SimQueue;
  payments: PaymentGateway;
  businesses: string[];
  creators: string[];
  services(): Services;
}

export async function createSoakWorld(seed: number, random: Random): Promise<SoakWorld> {
  const projectId = `demo-soak-${seed}-${randomUUID().slice(0, 6)}`;
  const db = getFirestore(initializeApp({ projectId }, projectId));
  db.settings({ ignoreUndefinedProperties: true });
  const queue = new SimQueue(db, random, {
    maxAttempts: 8,
    forgetNameChance: 0.05,
    duplicateChance: 0.15,
    concurrentChance: 0.1,
  });
  const payments = createStripeGateway({ secretKey: STRIPE_TEST_KEY, baseUrl: STRIPE_URL });
  const push = createEmulatorPushSender(db);
  const businesses = await createUsers(db, 'business', 5, seed);
  const creators = await createUsers(db, 'creator', 10, seed);
  const services = (): Services => ({
    db,
    clock: { now: () => new Date() },
    enqueue: queue.enqueue,
    payments: async () => payments,
    push: async () => push,
    fetch: globalThis.fetch,
    config: { oembedBaseUrl: OEMBED_URL, releaseHoldSeconds: 0 },
    inEmulator: true,
  });
  return { db, queue, payments, businesses, creators, services };
}

async function createUsers(
  db: Firestore,
  role: 'business' | 'creator',
  count: number,
  seed: number,
) {
  const ids: string[] = [];
  for (let index = 0; index < count; index += 1) {
    const uid = `${role}-${seed}-${index}`;
    const profile: Record<string, unknown> = {
      role,
      email: `${uid}@soak.example`,
      displayName: uid,
      fcmTokens: [`device-${uid}`],
    };
    if (role === 'creator') {
      profile.stripeAccountId = (await createConnectedAccount(STRIPE_URL, {})).id;
    }
    await db.collection('users').doc(uid).set(profile);
    ids.push(uid);
  }
  return ids;
}
