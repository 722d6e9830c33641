/**
 * `notification`: delivers one notification to one user on each channel the payload lists.
 *
 * Every channel is safe to run again, so retries and duplicate tasks deliver once:
 * - in-app: `users/{uid}/notifications/{notificationId}` is written with `create()`; ALREADY_EXISTS
 *   means an earlier run wrote it and the other channels still get their turn.
 * - email: `mail/{notificationId}` (Trigger Email extension format) is created in the same batch
 *   that records `delivery.email`, so the mail and its bookkeeping land together or not at all.
 * - push: claimed before sending and recorded after, at least once (see `notification-push.ts`).
 *
 * Delivery bookkeeping lives under `delivery` on the in-app document; a notification without the
 * in-app channel keeps it in the server-only `notificationDeliveries/{notificationId}` instead.
 */
import * as logger from 'firebase-functions/logger';
import {
  Timestamp,
  type DocumentData,
  type DocumentReference,
  type Firestore,
} from 'firebase-admin/firestore';

import { isAlreadyExists } from '../adapters/firestore';
import { PermanentError } from '../domain/errors';
import type { NOTIFICATION_CHANNELS, PayloadOf } from '../domain/payloads';
import { deliverPush } from './notification-push';
import type { Processor } from './types';

export const USERS = 'users';
export const NOTIFICATIONS = 'notifications';
export const MAIL = 'mail';
export const NOTIFICATION_DELIVERIES = 'notificationDeliveries';

type NotificationPayload = PayloadOf<'notification'>;
type Channel = (typeof NOTIFICATION_CHANNELS)[number];

/** What the processor reads from `users/{uid}`. */
export interface Recipient {
  email: string | null;
  displayName: string;
  fcmTokens: string[];
}

const MAIL_SIGNATURE = '— The Creator Bounty team';

/**
 * Delivers a notification on its listed channels: in-app document, Trigger Email document, FCM
 * push. Throws PermanentError('user_not_found') when the user does not exist.
 */
export const sendNotification: Processor<'notification'> = async (payload, run, services) => {
  const { db, clock } = services;
  const recipient = await loadRecipient(db, payload.userId);
  const ref = deliveryRef(db, payload);

  if (wants(payload, 'in_app')) await createInAppNotification(ref, payload, clock.now());

  if (wants(payload, 'email')) await queueEmail(db, ref, payload, recipient, clock.now());

  if (wants(payload, 'push')) await deliverPush(ref, payload, recipient.fcmTokens, run, services);
};

function wants(payload: NotificationPayload, channel: Channel): boolean {
  return payload.channels.includes(channel);
}

function logFields(payload: NotificationPayload, channel: Channel) {
  return {
    notificationId: payload.notificationId,
    userId: payload.userId,
    type: payload.type,
    channel,
  };
}

function deliveryRef(db: Firestore, payload: NotificationPayload): DocumentReference {
  if (wants(payload, 'in_app')) {
    return db
      .collection(USERS)
      .doc(payload.userId)
      .collection(NOTIFICATIONS)
      .doc(payload.notificationId);
  }
  return db.collection(NOTIFICATION_DELIVERIES).doc(payload.notificationId);
}

/** A merge-set body that updates only the given fields under `delivery`. */
function deliveryUpdate(fields: Record<string, unknown>) {
  return { delivery: fields };
}

async function loadRecipient(db: Firestore, userId: string): Promise<Recipient> {
  const snapshot = await db.collection(USERS).doc(userId).get();
  if (!snapshot.exists) {
    throw new PermanentError('user_not_found', `user ${userId} does not exist`);
  }
  return readRecipient(snapshot.data() ?? {});
}

/** Reads a user document defensively: malformed fields count as absent. */
export function readRecipient(data: DocumentData): Recipient {
  const email =
    typeof data.email === 'string' && data.email.includes('@') ? data.email.trim() : null;
  const displayName =
    typeof data.displayName === 'string' && data.displayName.trim()
      ? data.displayName.trim()
      : 'there';
  const tokens: unknown[] = Array.isArray(data.fcmTokens) ? data.fcmTokens : [];
  const fcmTokens = tokens.filter(
    (token): token is string => typeof token === 'string' && token.length > 0,
  );
  return { email, displayName, fcmTokens: [...new Set(fcmTokens)] };
}

async function createInAppNotification(
  ref: DocumentReference,
  payload: NotificationPayload,
  now: Date,
) {
  try {
    await ref.create({
      type: payload.type,
      title: payload.title,
      message: payload.message,
      data: payload.data,
      read: false,
      createdAt: Timestamp.fromDate(now),
    });
    logger.info('notification.in_app_created', logFields(payload, 'in_app'));
  } catch (error) {
    if (!isAlreadyExists(error)) throw error;
    logger.info('notification.in_app_exists', logFields(payload, 'in_app'));
  }
}

async function queueEmail(
  db: Firestore,
  ref: DocumentReference,
  payload: NotificationPayload,
  recipient: Recipient,
  now: Date,
) {
  if (!recipient.email) {
    await ref.set(deliveryUpdate({ email: 'skipped' }), { merge: true });
    logger.info('notification.email_skipped', {
      ...logFields(payload, 'email'),
      reason: 'no_email',
    });
    return;
  }

  const batch = db.batch();
  batch.create(
    db.collection(MAIL).doc(payload.notificationId),
    buildMail(payload, { ...recipient, email: recipient.email }, now),
  );
  batch.set(ref, deliveryUpdate({ email: 'queued' }), { merge: true });
  try {
    await batch.commit();
    logger.info('notification.email_queued', logFields(payload, 'email'));
  } catch (error) {
    if (!isAlreadyExists(error)) throw error;
    logger.info('notification.email_exists', logFields(payload, 'email'));
  }
}

/** Escapes text for HTML element content and attribute values. */
export function escapeHtml(text: string): string {
  return text
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .replace(/"/g, '&quot;')
    .replace(/'/g, '&#39;');
}

/** The `mail/{id}` document in the Trigger Email extension's format. */
export function buildMail(
  payload: NotificationPayload,
  recipient: Recipient & { email: string },
  now: Date,
) {
  const greeting = `Hi ${recipient.displayName},`;
  const paragraphs = [greeting, payload.message, MAIL_SIGNATURE];
  return {
    to: recipient.email,
    message: {
      // A subject is a single header line: line breaks in a title must not reach it.
      subject: payload.title.replace(/\s+/g, ' ').trim(),
      text: `${paragraphs.join('\n\n')}\n`,
      html: paragraphs.map((part) => `<p>${escapeHtml(part).replace(/\n/g, '<br>')}</p>`).join(''),
    },
    notificationId: payload.notificationId,
    userId: payload.userId,
    type: payload.type,
    createdAt: Timestamp.fromDate(now),
  };
}
