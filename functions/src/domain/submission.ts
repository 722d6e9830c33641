/**
 * The submission document as the backend reads it (clients write it, so it is parsed).
 */
import { z } from 'zod';

export const SUBMISSION_STATUSES = [
  'submitted',
  'verifying',
  'verified',
  'rejected',
  'needs_review',
  'approved',
  'declined',
] as const;
export type SubmissionStatus = (typeof SUBMISSION_STATUSES)[number];

export const MAX_CONTENT_LINKS = 10;

/** A document id or Firebase Auth uid: letters, digits, `_` and `-` only (no path tricks). */
const docId = z
  .string()
  .min(1)
  .max(128)
  .regex(/^[A-Za-z0-9_-]+$/, 'must be a document id');

export const submissionSchema = z.object({
  bountyId: docId,
  creatorId: docId,
  contentLinks: z.array(z.string().min(1).max(2048)).min(1).max(MAX_CONTENT_LINKS),
  status: z.enum(SUBMISSION_STATUSES),
});
export type Submission = z.output<typeof submissionSchema>;
