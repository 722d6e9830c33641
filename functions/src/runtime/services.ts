/**
 * The real services, built once per function instance on first use. Heavy clients (Stripe, FCM)
 * are imported inside their factories so only the functions that use them pay for loading them.
 */
import { getDb } from '../adapters/firestore';
import type { PaymentGateway } from '../adapters/payment-gateway';
import type { PushSender } from '../adapters/push-sender';
import { createCloudTasksDispatcher } from '../adapters/task-dispatcher';
import { inEmulator, oembedBaseUrl } from '../config/endpoints';
import { RELEASE_HOLD_SECONDS } from '../config/params';
import { systemClock } from '../domain/clock';
import type { Services } from '../processors/types';
import { createEnqueue } from './enqueue';

let services: Services | undefined;
let payments: Promise<PaymentGateway> | undefined;
let push: Promise<PushSender> | undefined;

async function buildPayments(): Promise<PaymentGateway> {
  const { createStripeGateway } = await import('../adapters/stripe-gateway');
  return createStripeGateway();
}

async function buildPush(): Promise<PushSender> {
  if (inEmulator()) {
    const { createEmulatorPushSender } = await import('../adapters/emulator-push-sender');
    return createEmulatorPushSender(getDb());
  }
  const { createFcmPushSender } = await import('../adapters/fcm-push-sender');
  return createFcmPushSender();
}

export function getServices(): Services {
  if (!services) {
    const db = getDb();
    services = {
      db,
      clock: systemClock,
      enqueue: createEnqueue(db, createCloudTasksDispatcher()),
      payments: () => (payments ??= buildPayments()),
      push: () => (push ??= buildPush()),
      fetch: globalThis.fetch,
      config: {
        oembedBaseUrl: oembedBaseUrl(),
        releaseHoldSeconds: RELEASE_HOLD_SECONDS.value(),
      },
      inEmulator: inEmulator(),
    };
  }
  return services;
}
