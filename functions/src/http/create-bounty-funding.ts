/**
 * Callable: `createBountyFunding({ bountyId })` by the bounty's owner returns the PaymentIntent
 * client secret to confirm on the client. Errors reach the client as HTTPS error codes.
 */
import { HttpsError, onCall, type CallableRequest } from 'firebase-functions/v2/https';

import { SENTRY_DSN, STRIPE_SECRET_KEY } from '../config/params';
import { monitored } from '../monitoring/monitored';

export const createBountyFunding = onCall(
  { secrets: [STRIPE_SECRET_KEY, SENTRY_DSN], memory: '256MiB' },
  monitored(
    { function: 'createBountyFunding', trigger: 'callable' },
    (request: CallableRequest) => ({ userId: request.auth?.uid ?? null }),
    async (request: CallableRequest) => {
      if (!request.auth) throw new HttpsError('unauthenticated', 'sign in to fund a bounty');
      const bountyId = (request.data as { bountyId?: unknown } | null)?.bountyId;
      if (typeof bountyId !== 'string' || !/^[A-Za-z0-9_-]{1,128}$/.test(bountyId)) {
        throw new HttpsError('invalid-argument', 'bountyId must be a document id');
      }
      const { fundBountyForCaller } = await import('./fund-bounty-for-caller');
      return fundBountyForCaller(bountyId, request.auth.uid);
    },
  ),
);
