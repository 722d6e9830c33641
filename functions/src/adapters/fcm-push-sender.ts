/**
 * Push delivery through Firebase Cloud Messaging.
 *
 * `firebase-admin/messaging` is imported here and nowhere else: `runtime/services.ts` loads this
 * module on first use, so only functions that actually push pay for loading the FCM client.
 *
 * How FCM answers are read (https://firebase.google.com/docs/cloud-messaging/manage-tokens):
 * - unregistered or malformed tokens are reported back so the caller prunes them;
 * - `messaging/invalid-argument` is ambiguous (a bad token or a bad message), so it only marks
 *   the token invalid when another token of the same send was delivered, which proves the message
 *   itself was fine;
 * - when nothing was delivered and something failed for a reason that clears up (FCM unavailable,
 *   internal error, quota), the send throws a TransientError so the task is retried. With some
 *   tokens delivered it does not throw: a retry would push twice to the devices that got it.
 */
import * as logger from 'firebase-functions/logger';
import { getMessaging, type MulticastMessage, type SendResponse } from 'firebase-admin/messaging';

import { TransientError } from '../domain/errors';
import { ensureAdminApp } from './firestore';
import type { PushMessage, PushResult, PushSender } from './push-sender';

/** FCM's limit on tokens per multicast send. */
export const FCM_MULTICAST_LIMIT = 500;

const UNREGISTERED_CODES = new Set([
  'messaging/registration-token-not-registered',
  'messaging/invalid-registration-token',
]);

const AMBIGUOUS_INVALID_CODE = 'messaging/invalid-argument';

const RETRYABLE_CODES = new Set([
  'messaging/server-unavailable',
  'messaging/internal-error',
  'messaging/message-rate-exceeded',
  'messaging/device-message-rate-exceeded',
  'messaging/unknown-error',
  'app/network-error',
  'app/network-timeout',
]);

/** Data keys FCM rejects the whole message for; dropped rather than failing every token. */
const RESERVED_DATA_KEY = /^(from|notification|message_type|google.*|gcm.*)$/i;

/** The per-token part of an FCM answer this module reads: an admin `SendResponse` fits. */
export type TokenResponse = Pick<SendResponse, 'success'> & { error?: { code: string } };

export interface SendClassification {
  delivered: number;
  invalidTokens: string[];
  /** Failures worth retrying later (FCM unavailable, internal, quota). */
  retryableFailures: number;
  /** Failures neither retryable nor about the token (e.g. APNs credentials). */
  otherFailures: number;
  /** Failure count per FCM error code, for logs (codes only, never tokens). */
  failureCodes: Record<string, number>;
}

/** True for FCM or network error codes that clear up on their own. */
export function isRetryableFcmCode(code: string | undefined): boolean {
  return code !== undefined && RETRYABLE_CODES.has(code);
}

/**
 * Reads the per-token answers of a send; `responses[i]` answers `tokens[i]`. Pure, so the error
 * mapping is unit-tested without FCM.
 */
export function classifySendResponses(
  tokens: readonly string[],
  responses: readonly TokenResponse[],
): SendClassification {
  const delivered = responses.filter((response) => response.success).length;
  const result: SendClassification = {
    delivered,
    invalidTokens: [],
    retryableFailures: 0,
    otherFailures: 0,
    failureCodes: {},
  };
  responses.forEach((response, index) => {
    if (response.success) return;
    const code = response.error?.code ?? 'unknown';
    result.failureCodes[code] = (result.failureCodes[code] ?? 0) + 1;
    if (UNREGISTERED_CODES.has(code) || (code === AMBIGUOUS_INVALID_CODE && delivered > 0)) {
      result.invalidTokens.push(tokens[index]);
    } else if (isRetryableFcmCode(code)) {
      result.retryableFailures += 1;
    } else {
      result.otherFailures += 1;
    }
  });
  return result;
}

/**
 * Turns a classification into the sender's answer, throwing TransientError('fcm_unavailable')
 * when nothing was delivered and a retry could succeed.
 */
export function toPushResult(classification: SendClassification): PushResult {
  if (classification.delivered === 0 && classification.retryableFailures > 0) {
    throw new TransientError('fcm_unavailable', 'FCM delivered to no device; retryable failures');
  }
  return { delivered: classification.delivered, invalidTokens: classification.invalidTokens };
}

/** Splits `items` into runs of at most `size`. */
export function chunk<T>(items: readonly T[], size: number): T[][] {
  const chunks: T[][] = [];
  for (let start = 0; start < items.length; start += size) {
    chunks.push(items.slice(start, start + size));
  }
  return chunks;
}

function buildMulticast(tokens: string[], message: PushMessage): MulticastMessage {
  const data = Object.fromEntries(
    Object.entries(message.data).filter(([key]) => !RESERVED_DATA_KEY.test(key)),
  );
  return { tokens, notification: { title: message.title, body: message.body }, data };
}

/**
 * A failure of a whole multicast call (network, FCM down) that a retry may fix becomes a
 * TransientError; anything else is rethrown as is for the task runtime to classify.
 */
function rethrowCallFailure(error: unknown): never {
  const code = (error as { code?: unknown } | null)?.code;
  if (typeof code === 'string' && isRetryableFcmCode(code)) {
    throw new TransientError('fcm_unavailable', `FCM call failed: ${code}`, error);
  }
  throw error;
}

/**
 * Sends chunk after chunk. A retryable failure of a later chunk's call throws even though earlier
 * chunks were delivered, so their devices get the push again on retry; only users with more than
 * 500 devices can see that.
 */
async function sendInChunks(tokens: string[], message: PushMessage): Promise<SendResponse[]> {
  const messaging = getMessaging();
  const responses: SendResponse[] = [];
  for (const part of chunk(tokens, FCM_MULTICAST_LIMIT)) {
    const batch = await messaging
      .sendEachForMulticast(buildMulticast(part, message))
      .catch(rethrowCallFailure);
    responses.push(...batch.responses);
  }
  return responses;
}

/** The production {@link PushSender}: FCM multicast in chunks of {@link FCM_MULTICAST_LIMIT}. */
export function createFcmPushSender(): PushSender {
  ensureAdminApp();
  return {
    async send(tokens, message) {
      if (tokens.length === 0) return { delivered: 0, invalidTokens: [] };

      const responses = await sendInChunks(tokens, message);
      const classification = classifySendResponses(tokens, responses);

      if (classification.delivered < tokens.length) {
        logger.warn('push.fcm_partial_failure', {
          tokenCount: tokens.length,
          delivered: classification.delivered,
          invalid: classification.invalidTokens.length,
          retryable: classification.retryableFailures,
          other: classification.otherFailures,
          failureCodes: classification.failureCodes,
        });
      }
      return toPushResult(classification);
    },
  };
}
