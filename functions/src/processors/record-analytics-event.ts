/**
 * `analytics`: stores the event once and adds it to the day's sharded counters.
 *
 * Exactly once without a transaction: the event document is created with `create()` in the same
 * batch as the counter increment, and a batch is atomic. A repeated delivery fails the `create`
 * with ALREADY_EXISTS, so the whole batch, increment included, is rejected.
 */
import * as logger from 'firebase-functions/logger';
import { FieldValue, Timestamp } from 'firebase-admin/firestore';

import { isAlreadyExists } from '../adapters/firestore';
import { ANALYTICS_DAILY_SHARDS, counterDelta } from '../domain/analytics';
import { utcDayKey } from '../domain/clock';
import type { Processor } from './types';

export const ANALYTICS_EVENTS = 'analyticsEvents';
export const ANALYTICS_DAILY = 'analyticsDaily';

export const recordAnalyticsEvent: Processor<'analytics'> = async (payload, run, services) => {
  const { db, clock } = services;
  const occurredAt = new Date(payload.occurredAt);
  const day = utcDayKey(occurredAt);
  const shard = Math.floor(Math.random() * ANALYTICS_DAILY_SHARDS);
  const increments = Object.fromEntries(
    Object.entries(counterDelta(payload.event, payload.amountCents)).map(([field, by]) => [
      field,
      FieldValue.increment(by),
    ]),
  );

  const batch = db.batch();
  batch.create(db.collection(ANALYTICS_EVENTS).doc(payload.eventId), {
    ...payload,
    day,
    occurredAt: Timestamp.fromDate(occurredAt),
    recordedAt: Timestamp.fromDate(clock.now()),
    taskId: run.taskId,
  });
  batch.set(
    db.collection(ANALYTICS_DAILY).doc(day).collection('shards').doc(String(shard)),
    { day, ...increments },
    { merge: true },
  );

  try {
    await batch.commit();
  } catch (error) {
    if (!isAlreadyExists(error)) throw error;
    logger.info('analytics.duplicate_event', { eventId: payload.eventId, event: payload.event });
  }
};
