/**
 * The `queueStatus` request handling, loaded on first request: method, token, admin claim and
 * window checks, then the status. Firebase Admin (auth, Firestore) and the Cloud Tasks client
 * load only here.
 */
import * as logger from 'firebase-functions/logger';
import type { Request } from 'firebase-functions/v2/https';
import type { Response } from 'express';

import { SENTRY_DSN } from '../config/params';
import { inEmulator } from '../config/endpoints';
import {
  DEFAULT_WINDOW_HOURS,
  MAX_WINDOW_HOURS,
  isValidWindowHours,
} from '../processors/queue-status-figures';
import type { QueueStatus } from '../processors/read-queue-status';
import type { QueueInspector } from '../runtime/queue-inspector';

/** What the handler needs from the outside world; tests pass fakes. */
export interface QueueStatusDeps {
  /** Resolves the verified token's claims; rejects on a missing, expired or forged token. */
  verifyIdToken(token: string): Promise<{ uid: string; [claim: string]: unknown }>;
  readStatus(windowHours: number): Promise<QueueStatus>;
}

/** Built once per instance: the Cloud Tasks client holds connections worth reusing. */
let defaultDeps: QueueStatusDeps | undefined;

/** Answers one `queueStatus` request; status codes are documented on the entry point. */
export async function respondQueueStatus(
  request: Request,
  response: Response,
  deps: QueueStatusDeps = (defaultDeps ??= productionDeps()),
): Promise<void> {
  if (request.method !== 'GET') {
    response.set('Allow', 'GET').status(405).json({ error: 'method_not_allowed' });
    return;
  }
  const uid = await authorize(request, response, deps);
  if (!uid) return;

  const windowHours = parseWindowHours(request.query.windowHours);
  if (windowHours === null) {
    response.status(400).json({
      error: 'invalid_window_hours',
      message: `windowHours must be an integer from 1 to ${MAX_WINDOW_HOURS}`,
    });
    return;
  }
  const status = await deps.readStatus(windowHours);
  logger.info('queue_status.served', {
    uid,
    windowHours,
    documentsRead: status.cost.documentsRead,
  });
  response.set('Cache-Control', 'no-store').status(200).json(status);
}

/** Answers 401/403 and returns null unless the caller is a verified admin; else their uid. */
async function authorize(request: Request, response: Response, deps: QueueStatusDeps) {
  const token = /^Bearer\s+(\S+)\s*$/i.exec(request.header('authorization') ?? '')?.[1];
  if (!token) {
    response.set('WWW-Authenticate', 'Bearer').status(401).json({ error: 'missing_token' });
    return null;
  }
  let claims: Awaited<ReturnType<QueueStatusDeps['verifyIdToken']>>;
  try {
    claims = await deps.verifyIdToken(token);
  } catch (error) {
    logger.warn('queue_status.token_rejected', { error: String(error) });
    response.set('WWW-Authenticate', 'Bearer').status(401).json({ error: 'invalid_token' });
    return null;
  }
  if (claims.admin !== true) {
    logger.warn('queue_status.not_admin', { uid: claims.uid });
    response.status(403).json({ error: 'admin_only' });
    return null;
  }
  return claims.uid;
}

/** `?windowHours` as hours: the default when absent, null unless an integer 1..24. */
export function parseWindowHours(value: unknown): number | null {
  if (value === undefined) return DEFAULT_WINDOW_HOURS;
  if (typeof value !== 'string' || !/^\d{1,2}$/.test(value)) return null;
  const hours = Number(value);
  return isValidWindowHours(hours) ? hours : null;
}

function projectId(): string {
  const fromConfig = process.env.FIREBASE_CONFIG
    ? (JSON.parse(process.env.FIREBASE_CONFIG) as { projectId?: string }).projectId
    : undefined;
  const project = process.env.GCLOUD_PROJECT ?? process.env.GOOGLE_CLOUD_PROJECT ?? fromConfig;
  if (!project) throw new Error('no project id in GCLOUD_PROJECT or FIREBASE_CONFIG');
  return project;
}

function productionDeps(): QueueStatusDeps {
  let inspector: QueueInspector | undefined;
  return {
    async verifyIdToken(token) {
      const [{ ensureAdminApp }, { getAuth }] = await Promise.all([
        import('../adapters/firestore'),
        import('firebase-admin/auth'),
      ]);
      ensureAdminApp();
      // checkRevoked: a revoked or disabled admin loses access at once, not when the hour-long
      // token expires; one Auth API call per request is fine for an operator endpoint.
      return getAuth().verifyIdToken(token, true);
    },
    async readStatus(windowHours) {
      const [{ getDb }, inspectors, { readQueueStatus }] = await Promise.all([
        import('../adapters/firestore'),
        import('../runtime/queue-inspector'),
        import('../processors/read-queue-status'),
      ]);
      const db = getDb();
      // The Cloud Tasks client cannot reach the Tasks emulator: see queue-inspector.ts.
      inspector ??= inEmulator()
        ? inspectors.createRecordsInspector(db)
        : inspectors.createCloudTasksInspector(projectId(), inspectors.DEFAULT_QUEUE_LOCATION);
      return readQueueStatus(db, inspector, { windowHours, sentryDsn: SENTRY_DSN.value() });
    },
  };
}
