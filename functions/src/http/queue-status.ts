/**
 * `queueStatus`: admin-only HTTPS endpoint with the task queues' health (backlog, outcomes, rates,
 * durations, dead letters). `GET` with `Authorization: Bearer <Firebase ID token>` of a user whose
 * token carries the custom claim `admin: true`; optional `?windowHours=1..24` (default 2).
 *
 * Answers 200 with the JSON of `readQueueStatus`; 405 for other methods; 401 without a valid
 * token; 403 for a valid token without the admin claim; 400 for a bad `windowHours`.
 */
import { onRequest, type Request } from 'firebase-functions/v2/https';
import type { Response } from 'express';

import { SENTRY_DSN } from '../config/params';
import { monitored } from '../monitoring/monitored';

export const queueStatus = onRequest(
  { secrets: [SENTRY_DSN], memory: '256MiB' },
  monitored(
    { function: 'queueStatus', trigger: 'https' },
    (request: Request, _response: Response) => ({ method: request.method }),
    async (request: Request, response: Response) => {
      const { respondQueueStatus } = await import('./respond-queue-status');
      await respondQueueStatus(request, response);
    },
  ),
);
