/**
 * Deployment and runtime configuration, declared as Firebase params so `firebase deploy` resolves
 * them from `functions/.env`, `.env.<project>` or a prompt, and the emulator from `.env.local`.
 * Declared at module scope (the CLI discovers them while loading the code), read with `.value()`
 * only at run time.
 *
 * Secrets live in Secret Manager through `defineSecret`; locally they come from
 * `functions/.secret.local`, which is never committed.
 */
import { defineInt, defineSecret, defineString } from 'firebase-functions/params';

/** Default `maxConcurrentDispatches` of every task queue unless a queue overrides it. */
export const TASK_QUEUE_CONCURRENCY = defineInt('TASK_QUEUE_CONCURRENCY', {
  default: 10,
  description: 'Default maximum concurrent dispatches per task queue.',
});

/**
 * Default number of delivery attempts Cloud Tasks makes for one task, the first included (its
 * `maxAttempts`). The task runtime dead-letters a transient failure on the last of them.
 */
export const TASK_QUEUE_MAX_RETRIES = defineInt('TASK_QUEUE_MAX_RETRIES', {
  default: 5,
  description: 'Default delivery attempts per task (Cloud Tasks maxAttempts, first one included).',
});

/**
 * Default minimum backoff between attempts, in whole seconds.
 *
 * Limitation: Cloud Tasks takes its backoff in seconds and deploy-time param expressions cannot
 * do arithmetic, so a millisecond value could not be turned into the queue's setting; the unit is
 * therefore seconds (1 = 1000 ms). Backoff doubles from here up to the queue's maximum.
 */
export const TASK_QUEUE_RETRY_DELAY = defineInt('TASK_QUEUE_RETRY_DELAY', {
  default: 1,
  description: 'Default minimum backoff between attempts, in seconds (Cloud Tasks minBackoff).',
});

/** Hold window between approval and payout, in seconds; 0 releases at once. */
export const RELEASE_HOLD_SECONDS = defineInt('RELEASE_HOLD_SECONDS', {
  default: 0,
  description: 'Seconds between approval of a submission and the payout of its escrow.',
});

export const STRIPE_SECRET_KEY = defineSecret('STRIPE_SECRET_KEY');
export const STRIPE_WEBHOOK_SECRET = defineSecret('STRIPE_WEBHOOK_SECRET');
export const SENTRY_DSN = defineSecret('SENTRY_DSN');

export const SENTRY_ENVIRONMENT = defineString('SENTRY_ENVIRONMENT', { default: 'production' });
export const SENTRY_RELEASE = defineString('SENTRY_RELEASE', { default: '' });
export const SENTRY_TRACES_SAMPLE_RATE = defineString('SENTRY_TRACES_SAMPLE_RATE', {
  default: '0.1',
  description: 'Fraction of function runs traced in Sentry, 0..1.',
});

/**
 * Endpoint overrides for local stand-ins (Stripe API, platform oEmbed). Honoured only inside the
 * Firebase emulator; see `config/endpoints.ts`.
 */
export const STRIPE_API_BASE_URL = defineString('STRIPE_API_BASE_URL', { default: '' });
export const OEMBED_BASE_URL = defineString('OEMBED_BASE_URL', { default: '' });
