/**
 * `operatorAlerts/{id}`: problems a human must look at (a payout Stripe refused, a refund that
 * failed). One alert per problem and subject; logged at error level, which reaches Sentry.
 */
import * as logger from 'firebase-functions/logger';
import { Timestamp, type Firestore } from 'firebase-admin/firestore';

import type { ErrorSummary } from '../domain/errors';
import { deriveDocId } from '../domain/ids';

export const OPERATOR_ALERTS = 'operatorAlerts';

export async function raiseOperatorAlert(
  db: Firestore,
  alert: { kind: string; subject: string; error: ErrorSummary; details: Record<string, unknown> },
  now: Date,
): Promise<void> {
  logger.error('operator.alert', {
    alertKind: alert.kind,
    subject: alert.subject,
    errorCode: alert.error.code,
    error: alert.error.message,
    ...alert.details,
  });
  await db
    .collection(OPERATOR_ALERTS)
    .doc(deriveDocId('alert', alert.kind, alert.subject))
    .set({
      kind: alert.kind,
      subject: alert.subject,
      error: { code: alert.error.code, message: alert.error.message },
      details: alert.details,
      status: 'open',
      raisedAt: Timestamp.fromDate(now),
    });
}
