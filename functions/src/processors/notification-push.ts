/**
 * The push channel of the `notification` processor: claim, send, record, prune.
 *
 * FCM has no idempotency key, so a run claims the push in a transaction on the delivery document
 * (`delivery.push: 'sending'` with time and holder) before calling the sender, and records the
 * result after. A failed send releases the claim (`delivery.push: 'pending'`) so the retry sends.
 *
 * At least once, not exactly once: if a run crashes after FCM accepted the message and before the
 * result was recorded, the claim is taken over (by the next attempt of the same task at once, by
 * any other task after {@link PUSH_CLAIM_LEASE_MS}) and the devices get the push again.
 */
import * as logger from 'firebase-functions/logger';
import {
  FieldValue,
  Timestamp,
  type DocumentReference,
  type Firestore,
} from 'firebase-admin/firestore';

import type { PushMessage, PushResult } from '../adapters/push-sender';
import { TransientError, summarizeError } from '../domain/errors';
import type { PayloadOf } from '../domain/payloads';
import type { Services, TaskRun } from './types';

type NotificationPayload = PayloadOf<'notification'>;

/**
 * How long a push claim protects a send in progress from other tasks. Twice the notification
 * function's 60 s timeout, so a holder that is still alive is never overtaken.
 */
export const PUSH_CLAIM_LEASE_MS = 120_000;

/** The push bookkeeping under `delivery` on the delivery document. */
export interface PushState {
  push?: string;
  pushClaimedAt?: Timestamp;
  pushClaimedBy?: { taskId: string; attempt: number };
}

/** `send`: claim and push; `resend`: take over a stale claim; `busy`: another run holds it. */
export type PushDecision = 'send' | 'resend' | 'busy' | 'done' | 'skipped';

const FINISHED_PUSH_STATES = new Set(['sent', 'failed', 'skipped']);

/**
 * Decides what a run does about the push, from the bookkeeping it read in its transaction. A
 * claim is stale when a later attempt of the same task sees it (Cloud Tasks redelivers only after
 * the earlier attempt ended) or when its lease ran out.
 */
export function decidePushClaim(
  state: PushState,
  run: Pick<TaskRun, 'taskId' | 'attempt'>,
  hasTokens: boolean,
  nowMs: number,
): PushDecision {
  if (state.push && FINISHED_PUSH_STATES.has(state.push)) return 'done';
  const claimed = state.push === 'sending';
  if (claimed && !isStaleClaim(state, run, nowMs)) return 'busy';
  if (!hasTokens) return 'skipped';
  return claimed ? 'resend' : 'send';
}

function isStaleClaim(state: PushState, run: Pick<TaskRun, 'taskId' | 'attempt'>, nowMs: number) {
  const holder = state.pushClaimedBy;
  if (holder && holder.taskId === run.taskId && holder.attempt < run.attempt) return true;
  if (!state.pushClaimedAt) return true;
  return nowMs - state.pushClaimedAt.toMillis() >= PUSH_CLAIM_LEASE_MS;
}

async function claimPush(
  db: Firestore,
  ref: DocumentReference,
  run: TaskRun,
  hasTokens: boolean,
  now: Date,
): Promise<PushDecision> {
  return db.runTransaction(async (tx) => {
    const snapshot = await tx.get(ref);
    const state = (snapshot.get('delivery') ?? {}) as PushState;
    const decision = decidePushClaim(state, run, hasTokens, now.getTime());
    const at = Timestamp.fromDate(now);
    if (decision === 'skipped') {
      tx.set(ref, deliveryUpdate({ push: 'skipped', pushFinishedAt: at }), { merge: true });
    }
    if (decision === 'send' || decision === 'resend') {
      const claim = { push: 'sending', pushClaimedAt: at, pushClaimedBy: holderOf(run) };
      tx.set(ref, deliveryUpdate(claim), { merge: true });
    }
    return decision;
  });
}

function holderOf(run: TaskRun) {
  return { taskId: run.taskId, attempt: run.attempt };
}

/**
 * Pushes `payload` to `tokens` once per notification (twice only in the crash window the module
 * comment describes), recording the outcome under `delivery` on `ref`. Throws TransientError
 * while another run holds the claim, and rethrows sender failures after releasing it.
 */
export async function deliverPush(
  ref: DocumentReference,
  payload: NotificationPayload,
  tokens: string[],
  run: TaskRun,
  services: Services,
) {
  const fields = logFields(payload);
  const hasTokens = tokens.length > 0;
  const decision = await claimPush(services.db, ref, run, hasTokens, services.clock.now());
  if (decision === 'busy') {
    // Retried later: by then the holder has recorded its result or its claim has gone stale.
    throw new TransientError('push_in_progress', 'another run is sending this push');
  }
  if (decision === 'done' || decision === 'skipped') {
    logger.info('notification.push_not_sent', { ...fields, reason: decision });
    return;
  }
  if (decision === 'resend') logger.warn('notification.push_claim_taken_over', fields);

  const result = await sendPush(ref, payload, tokens, services);
  await recordPushResult(ref, result, services.clock.now());
  await pruneTokens(services.db, payload, result.invalidTokens);
  logger.info('notification.push_finished', {
    ...fields,
    delivered: result.delivered,
    pruned: result.invalidTokens.length,
  });
}

function pushMessage(payload: NotificationPayload): PushMessage {
  return {
    title: payload.title,
    body: payload.message,
    data: { ...payload.data, notificationId: payload.notificationId, type: payload.type },
  };
}

/** Sends, releasing the claim on failure so the retry may send at once. */
async function sendPush(
  ref: DocumentReference,
  payload: NotificationPayload,
  tokens: string[],
  services: Services,
): Promise<PushResult> {
  try {
    const sender = await services.push();
    return await sender.send(tokens, pushMessage(payload));
  } catch (error) {
    const code = summarizeError(error).code;
    // If this write fails too, the claim stays until it goes stale: the push is delayed, not lost.
    await ref
      .set(deliveryUpdate({ push: 'pending', pushError: code }), { merge: true })
      .catch((releaseError: unknown) =>
        logger.warn('notification.push_release_failed', {
          ...logFields(payload),
          errorCode: summarizeError(releaseError).code,
        }),
      );
    throw error;
  }
}

async function recordPushResult(ref: DocumentReference, result: PushResult, now: Date) {
  const sent = result.delivered > 0;
  await ref.set(
    deliveryUpdate({
      push: sent ? 'sent' : 'failed',
      pushDelivered: result.delivered,
      pushPruned: result.invalidTokens.length,
      pushError: sent ? null : 'no_device_accepted',
      pushFinishedAt: Timestamp.fromDate(now),
    }),
    { merge: true },
  );
}

/**
 * Removes tokens FCM rejected. Failures are logged, not thrown: the push is already recorded, so
 * a retry would not prune either; the next notification to this user finds the tokens again.
 */
async function pruneTokens(db: Firestore, payload: NotificationPayload, invalidTokens: string[]) {
  if (invalidTokens.length === 0) return;
  try {
    await db
      .collection('users')
      .doc(payload.userId)
      .update({ fcmTokens: FieldValue.arrayRemove(...invalidTokens) });
  } catch (error) {
    logger.warn('notification.push_prune_failed', {
      ...logFields(payload),
      errorCode: summarizeError(error).code,
    });
  }
}

function logFields(payload: NotificationPayload) {
  return {
    notificationId: payload.notificationId,
    userId: payload.userId,
    type: payload.type,
    channel: 'push',
  };
}

/** A merge-set body that updates only the given fields under `delivery`. */
function deliveryUpdate(fields: Record<string, unknown>) {
  return { delivery: fields };
}
