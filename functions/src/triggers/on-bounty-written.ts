/** Bounty lifecycle trigger: enqueues the tasks each bounty transition calls for. */
import { onDocumentWritten } from 'firebase-functions/v2/firestore';

import { SENTRY_DSN } from '../config/params';
import { monitored } from '../monitoring/monitored';
import { readWriteEventTags, toDocumentWrite, type WriteEvent } from './document-write';

export const onBountyWritten = onDocumentWritten(
  // Retries on: a transient enqueue failure must not lose the transition. Invalid documents are
  // recorded and acknowledged instead of thrown, so retries never loop on bad input.
  { document: 'bounties/{bountyId}', retry: true, secrets: [SENTRY_DSN] },
  monitored(
    { function: 'onBountyWritten', trigger: 'firestore' },
    readWriteEventTags,
    async (event: WriteEvent) => {
      const [{ handleBountyWrite }, { getServices }] = await Promise.all([
        import('../processors/handle-bounty-write'),
        import('../runtime/services'),
      ]);
      await handleBountyWrite(toDocumentWrite(event, 'bountyId'), getServices());
    },
  ),
);
