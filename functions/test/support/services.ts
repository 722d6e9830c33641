/**
 * Real services for tests that call processors in-process against the emulators and the local
 * stand-ins (started by the test harness on fixed ports).
 */
import { createEmulatorPushSender } from '../../src/adapters/emulator-push-sender';
import { createStripeGateway } from '../../src/adapters/stripe-gateway';
import type { Services } from '../../src/processors/types';
import { testDb } from './emulator';
import { testEnqueue } from './tasks';

export const STRIPE_URL = process.env.STRIPE_STAND_IN_URL ?? 'http://127.0.0.1:12111';
export const OEMBED_URL = process.env.OEMBED_STAND_IN_URL ?? 'http://127.0.0.1:12112';
export const SENTRY_URL = process.env.SENTRY_STAND_IN_URL ?? 'http://127.0.0.1:12113';
export const STRIPE_TEST_KEY = 'sk_test_local_stand_in';

export function testServices(overrides: Partial<Services> = {}): Services {
  const db = testDb();
  const payments = createStripeGateway({ secretKey: STRIPE_TEST_KEY, baseUrl: STRIPE_URL });
  return {
    db,
    clock: { now: () => new Date() },
    enqueue: testEnqueue(),
    payments: async () => payments,
    push: async () => createEmulatorPushSender(db),
    fetch: globalThis.fetch,
    config: { oembedBaseUrl: OEMBED_URL, releaseHoldSeconds: 0 },
    inEmulator: true,
    ...overrides,
  };
}
