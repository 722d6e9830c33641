/**
 * Deterministic, non-sequential identifiers.
 *
 * Retries and duplicate deliveries must land on the same documents and Cloud Tasks names, so ids
 * are derived from what identifies the work (a bounty, a transition), never random. They are
 * hashed so consecutive work does not get lexicographically close ids: Firestore and Cloud Tasks
 * both shard by key range, and sequential keys concentrate writes on one tablet
 * (https://firebase.google.com/docs/firestore/best-practices#hotspots).
 */
import { createHash } from 'node:crypto';

export function hashKey(...parts: string[]): string {
  return createHash('sha256').update(parts.join('\u0000')).digest('hex').slice(0, 32);
}

/** Cloud Tasks names allow `[A-Za-z0-9_-]{1,500}`; this stays well inside. */
export function deriveTaskId(type: string, dedupeKey: string): string {
  return `${hashKey(type, dedupeKey)}-${type.replace(/_/g, '-')}`;
}

/** Id for a document that must be written once per logical event (audit, analytics, notices). */
export function deriveDocId(kind: string, ...parts: string[]): string {
  return `${hashKey(kind, ...parts)}`;
}
