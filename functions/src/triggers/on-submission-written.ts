/** Submission lifecycle trigger: verification, approval and the notifications around them. */
import { onDocumentWritten } from 'firebase-functions/v2/firestore';

import { SENTRY_DSN } from '../config/params';
import { monitored } from '../monitoring/monitored';
import { readWriteEventTags, toDocumentWrite, type WriteEvent } from './document-write';

export const onSubmissionWritten = onDocumentWritten(
  // Retries on: see on-bounty-written.ts. Invalid documents are recorded, never thrown.
  { document: 'submissions/{submissionId}', retry: true, secrets: [SENTRY_DSN] },
  monitored(
    { function: 'onSubmissionWritten', trigger: 'firestore' },
    readWriteEventTags,
    async (event: WriteEvent) => {
      const [{ handleSubmissionWrite }, { getServices }] = await Promise.all([
        import('../processors/handle-submission-write'),
        import('../runtime/services'),
      ]);
      await handleSubmissionWrite(toDocumentWrite(event, 'submissionId'), getServices());
    },
  ),
);
