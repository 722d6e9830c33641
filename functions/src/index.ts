/**
 * Deployed functions. This file only wires entry points: each module it exports from declares its
 * functions with light imports and loads the work lazily, so a cold start pays only for the
 * firebase-functions providers.
 */
export { onBountyWritten } from './triggers/on-bounty-written';
export { onSubmissionWritten } from './triggers/on-submission-written';
export { createBountyFunding } from './http/create-bounty-funding';
export { stripeWebhook } from './http/stripe-webhook';
export { queueStatus } from './http/queue-status';
export { sweepEscrows } from './schedules/sweep-escrows';

export * from './tasks/analytics';
export * from './tasks/notification';
export * from './tasks/content-verification';
export * from './tasks/escrow-release';
export * from './tasks/escrow-refund';
export * from './tasks/canary';
