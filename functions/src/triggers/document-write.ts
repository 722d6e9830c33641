/**
 * Turns a firebase-functions Firestore write event into the plain {@link DocumentWrite} the
 * processors take, and reads Sentry tags from it.
 */
import type { Change, DocumentSnapshot, FirestoreEvent } from 'firebase-functions/v2/firestore';

import type { DocumentWrite } from '../processors/handle-bounty-write';

export type WriteEvent = FirestoreEvent<
  Change<DocumentSnapshot> | undefined,
  Record<string, string>
>;

export function toDocumentWrite(event: WriteEvent, idParam: string): DocumentWrite {
  return {
    eventId: event.id,
    path: event.document,
    docId: event.params[idParam] ?? '',
    before: event.data?.before.exists ? event.data.before.data() : undefined,
    after: event.data?.after.exists ? event.data.after.data() : undefined,
    occurredAt: event.time ? new Date(event.time) : new Date(),
  };
}

export function readWriteEventTags(event: WriteEvent) {
  return { eventId: event.id, document: event.document };
}
