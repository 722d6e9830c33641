/**
 * What a processor gets: its validated payload and a small context of services. Processors never
 * reach for globals, so unit tests pass fakes and integration tests pass the real adapters.
 */
import type { Firestore } from 'firebase-admin/firestore';

import type { PaymentGateway } from '../adapters/payment-gateway';
import type { PushSender } from '../adapters/push-sender';
import type { Clock } from '../domain/clock';
import type { PayloadOf } from '../domain/payloads';
import type { TaskContext, TaskType } from '../domain/task-types';
import type { Enqueue } from '../runtime/enqueue';

/** Settings read from params at run time. */
export interface RuntimeConfig {
  /**
   * Base URL of the platforms' oEmbed endpoints, or null for the real platform endpoints. Set
   * only inside the emulator (see `config/endpoints.ts`).
   */
  oembedBaseUrl: string | null;
  /** Seconds between approval and payout; 0 releases at once. */
  releaseHoldSeconds: number;
}

export interface Services {
  db: Firestore;
  clock: Clock;
  enqueue: Enqueue;
  /** Stripe, built on first use so functions that never pay anyone never load it. */
  payments(): Promise<PaymentGateway>;
  /** Push delivery (FCM), built on first use. */
  push(): Promise<PushSender>;
  /** Outbound HTTP for calls to third parties (oEmbed); tests may pass their own. */
  fetch: typeof fetch;
  config: RuntimeConfig;
  /** True inside the Firebase emulator; gates test-only behaviour such as endpoint overrides. */
  inEmulator: boolean;
}

export interface TaskRun {
  taskId: string;
  attempt: number;
  maxAttempts: number;
  /** No further delivery follows a failure of this attempt. */
  isLastAttempt: boolean;
  context: TaskContext;
}

export type Processor<T extends TaskType> = (
  payload: PayloadOf<T>,
  run: TaskRun,
  services: Services,
) => Promise<void>;
