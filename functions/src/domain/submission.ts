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

export const submissionSchema = z.object({
  bountyId: z.string().min(1).max(128),
  creatorId: z.string().min(1).max(128),
  contentLinks: z.array(z.string().min(1).max(2048)).min(1).max(MAX_CONTENT_LINKS),
  status: z.enum(SUBMISSION_STATUSES),
});
export type Submission = z.output<typeof submissionSchema>;
