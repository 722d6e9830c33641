/**
 * `auditLog/{id}`: an append-only record of every money movement and state override. Entry ids
 * derive from the kind and subject, so a retried step finds its entry and writes nothing new.
 */
import { Timestamp, type Firestore, type Transaction } from 'firebase-admin/firestore';

import { deriveDocId } from '../domain/ids';

export const AUDIT_LOG = 'auditLog';

export type AuditKind =
  | 'escrow_held'
  | 'escrow_assigned'
  | 'escrow_released'
  | 'escrow_release_failed'
  | 'escrow_refunded'
  | 'escrow_refund_failed'
  | 'approval_refused'
  | 'dead_letter_replayed';

export interface AuditEntry {
  kind: AuditKind;
  /** The document the entry is about, e.g. `escrowPayments/abc`. */
  subject: string;
  actor: string;
  amountCents?: number;
  currency?: string;
  stripeObjectId?: string;
  details?: Record<string, unknown>;
}

export function auditRef(db: Firestore, kind: AuditKind, subject: string, discriminator = '') {
  return db.collection(AUDIT_LOG).doc(deriveDocId('audit', kind, subject, discriminator));
}

/**
 * Writes the entry inside `tx`. Callers write it in the same transaction as the state transition
 * it records, which happens once, so the entry is written once; a repeat with the same id would
 * only rewrite the same facts.
 */
export function appendAudit(
  tx: Transaction,
  db: Firestore,
  entry: AuditEntry,
  now: Date,
  discriminator = '',
): void {
  tx.set(auditRef(db, entry.kind, entry.subject, discriminator), {
    ...entry,
    at: Timestamp.fromDate(now),
  });
}
