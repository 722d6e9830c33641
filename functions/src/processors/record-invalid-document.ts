/**
 * Client-written documents that fail their schema are recorded here with the reason, once per
 * document version, and the trigger returns normally: retrying cannot fix bad input, and a
 * throwing trigger with retries on would loop until the event expires.
 */
import * as logger from 'firebase-functions/logger';
import { Timestamp, type Firestore } from 'firebase-admin/firestore';

import { deriveDocId } from '../domain/ids';
import { expiryFrom } from '../runtime/task-records';

export const INVALID_DOCUMENTS = 'invalidDocuments';

export async function recordInvalidDocument(
  db: Firestore,
  input: { path: string; eventId: string; trigger: string; reason: string; now: Date },
): Promise<void> {
  logger.warn('document.invalid', {
    path: input.path,
    trigger: input.trigger,
    errorCode: 'invalid_document',
    error: input.reason,
  });
  await db
    .collection(INVALID_DOCUMENTS)
    .doc(deriveDocId('invalid', input.path, input.eventId))
    .set({
      path: input.path,
      trigger: input.trigger,
      eventId: input.eventId,
      error: { code: 'invalid_document', message: input.reason },
      recordedAt: Timestamp.fromDate(input.now),
      expireAt: expiryFrom(input.now),
    });
}
