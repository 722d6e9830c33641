/**
 * Lazily initialised Firebase Admin handles, one per function instance. Loaded only from code
 * that already runs inside a handler, so firebase-admin stays off the cold-start path.
 */
import { getApps, initializeApp } from 'firebase-admin/app';
import { getFirestore, type Firestore } from 'firebase-admin/firestore';

let firestore: Firestore | undefined;

/**
 * Initialises the default app once. Checks for the default app by name: the Functions emulator
 * may already hold a named app of its own, so "any app exists" is not enough.
 */
export function ensureAdminApp(): void {
  if (!getApps().some((app) => app.name === '[DEFAULT]')) initializeApp();
}

export function getDb(): Firestore {
  if (!firestore) {
    ensureAdminApp();
    firestore = getFirestore();
    firestore.settings({ ignoreUndefinedProperties: true });
  }
  return firestore;
}

/** gRPC ALREADY_EXISTS, what `create()` and a batch containing one answer for an existing doc. */
export function isAlreadyExists(error: unknown): boolean {
  const code = (error as { code?: unknown } | null)?.code;
  return code === 6 || code === 'already-exists' || code === 'ALREADY_EXISTS';
}
