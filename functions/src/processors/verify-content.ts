/**
 * `content_verification`: checks every link of `submissions/{id}` and records `verified`,
 * `rejected` (a reason per link) or `needs_review` (the platform stayed unreachable).
 *
 * 1. Load the submission. Already decided → enqueue the follow-ups again (a crash may have come
 *    between the decision and the enqueue) and stop; approved or declined → stop; a document
 *    that fails its schema → `rejected`, explained, never retried.
 * 2. Load the bounty (missing or invalid → `rejected`) and move `submitted` → `verifying`.
 * 3. Static checks, then a claim per link in `contentClaims`, then oEmbed lookups, a few at once.
 * 4. A platform that cannot be reached throws a TransientError, so Cloud Tasks retries with
 *    backoff, until the last attempt, which records `needs_review` (at once for a platform with
 *    no callable endpoint). When another link has already failed for good the submission is
 *    rejected at once: no retry could make it pass.
 * 5. Record the decision in a transaction that only moves from `submitted` / `verifying` and, on
 *    rejection, releases the submission's claims; then enqueue the follow-ups.
 */
import * as logger from 'firebase-functions/logger';
import { Timestamp, type DocumentData, type Firestore } from 'firebase-admin/firestore';
import { z } from 'zod';

import { bountySchema, type Bounty } from '../domain/bounty';
import {
  MAX_LINK_LENGTH,
  MAX_LINKS_PER_SUBMISSION,
  VERIFICATION_OUTCOMES,
  decideVerification,
  type LinkCheck,
  type VerificationOutcome,
} from '../domain/content-checks';
import { PermanentError } from '../domain/errors';
import { describeIssues } from '../domain/payloads';
import { checkContentLinks } from './check-content-links';
import { findHeldClaims } from './content-claims';
import type { Processor, Services } from './types';
import { enqueueVerificationFollowUps } from './verification-follow-ups';

export const SUBMISSIONS = 'submissions';

/** Statuses a business sets after verification; the verifier leaves them alone. */
const REVIEWED_STATUSES = ['approved', 'declined'];

const docId = z.string().regex(/^[A-Za-z0-9_-]{1,200}$/, 'must be a plain document id');

const submissionSchema = z.object({
  bountyId: docId,
  creatorId: docId,
  contentLinks: z.array(z.string()).min(1).max(MAX_LINKS_PER_SUBMISSION),
  status: z.enum(['submitted', 'verifying']),
});

export const verifySubmissionContent: Processor<'content_verification'> = async (
  payload,
  run,
  services,
) => {
  const { submissionId } = payload;
  const stored = await loadSubmission(services.db, submissionId);

  if (isDecided(stored.status)) {
    return enqueueVerificationFollowUps(submissionId, stored, services);
  }
  if (REVIEWED_STATUSES.includes(stored.status)) {
    logger.info('verification.skipped', { submissionId, status: stored.status });
    return;
  }

  const parsed = submissionSchema.safeParse(stored);
  if (!parsed.success) return rejectInvalidSubmission(submissionId, stored, parsed.error, services);
  const submission = parsed.data;

  const bounty = await loadBounty(services.db, submission.bountyId);
  if (typeof bounty === 'string') {
    const checks = submission.contentLinks.map((link) => failedCheck(link, bounty));
    return settle(submissionId, checks, services);
  }
  if (!(await startVerifying(services, submissionId))) return;

  const { bountyId, contentLinks } = submission;
  const input = { submissionId, bountyId, contentLinks, bounty };
  const checks = await checkContentLinks(input, run, services);
  await settle(submissionId, checks, services, bounty.title);
};

async function loadSubmission(db: Firestore, submissionId: string): Promise<DocumentData> {
  const snapshot = await db.collection(SUBMISSIONS).doc(submissionId).get();
  const data = snapshot.data();
  if (!data) {
    throw new PermanentError('submission_not_found', `submission ${submissionId} does not exist`);
  }
  return data;
}

async function loadBounty(
  db: Firestore,
  bountyId: string,
): Promise<Bounty | 'bounty_not_found' | 'bounty_invalid'> {
  const data = (await db.collection('bounties').doc(bountyId).get()).data();
  if (!data) return 'bounty_not_found';
  const parsed = bountySchema.safeParse(data);
  return parsed.success ? parsed.data : 'bounty_invalid';
}

function isDecided(status: unknown): status is VerificationOutcome {
  return (VERIFICATION_OUTCOMES as readonly unknown[]).includes(status);
}

function failedCheck(link: string, reason: string): LinkCheck {
  return { link, ok: false, reason };
}

/** Bad input is answered, not retried: every link is reported with the first offending field. */
async function rejectInvalidSubmission(
  submissionId: string,
  stored: DocumentData,
  error: z.ZodError,
  services: Services,
): Promise<void> {
  const field = error.issues[0]?.path.join('.') || '(root)';
  logger.warn('verification.invalid_submission', {
    submissionId,
    errorCode: 'invalid_submission',
    error: describeIssues(error),
  });
  // Reported links are bounded so a hostile document cannot bloat the one it is rejected into.
  const links: unknown[] = Array.isArray(stored.contentLinks) ? stored.contentLinks : [];
  const reported =
    links.length > 0 ? links.slice(0, MAX_LINKS_PER_SUBMISSION) : [stored.contentLinks];
  const reason = `invalid_submission: ${field}`;
  const checks = reported.map((link) =>
    failedCheck(String(link ?? '').slice(0, MAX_LINK_LENGTH), reason),
  );
  await settle(submissionId, checks, services);
}

/** `submitted` → `verifying`; false when the submission was decided in the meantime. */
async function startVerifying(services: Services, submissionId: string): Promise<boolean> {
  const { db, clock } = services;
  const ref = db.collection(SUBMISSIONS).doc(submissionId);
  return db.runTransaction(async (tx) => {
    const status = (await tx.get(ref)).get('status');
    if (status === 'submitted') {
      tx.update(ref, { status: 'verifying', updatedAt: Timestamp.fromDate(clock.now()) });
    }
    return status === 'submitted' || status === 'verifying';
  });
}

/** Records the outcome of `checks`, then enqueues the follow-ups of what is stored. */
async function settle(
  submissionId: string,
  checks: LinkCheck[],
  services: Services,
  bountyTitle?: string,
): Promise<void> {
  const { db, clock } = services;
  const now = clock.now();
  const verification = {
    status: decideVerification(checks),
    checks,
    completedAt: Timestamp.fromDate(now),
  };
  const result = await recordDecision(db, submissionId, verification, now);

  const log = {
    submissionId,
    bountyId: result.data.bountyId,
    status: result.data.status,
    failedChecks: checks.filter((check) => !check.ok).length,
  };
  if (!result.written) {
    logger.info('verification.already_decided', log);
    if (!isDecided(result.data.status)) return;
  } else {
    logger.info('verification.completed', log);
  }

  await enqueueVerificationFollowUps(submissionId, result.data, services, bountyTitle);
}

/**
 * Writes the decision unless the submission left verification meanwhile (a concurrent run
 * decided, or the business acted). A rejection releases the submission's claims in the same
 * transaction, so the creator can submit those posts again.
 */
async function recordDecision(
  db: Firestore,
  submissionId: string,
  verification: { status: VerificationOutcome; checks: LinkCheck[]; completedAt: Timestamp },
  now: Date,
): Promise<{ written: boolean; data: DocumentData }> {
  const ref = db.collection(SUBMISSIONS).doc(submissionId);
  return db.runTransaction(async (tx) => {
    const snapshot = await tx.get(ref);
    const current = snapshot.data();
    if (!current || isDecided(current.status) || REVIEWED_STATUSES.includes(current.status)) {
      return { written: false, data: current ?? {} };
    }
    const held =
      verification.status === 'rejected'
        ? await findHeldClaims(tx, db, {
            id: submissionId,
            bountyId: current.bountyId,
            contentLinks: current.contentLinks,
          })
        : [];

    const update = {
      status: verification.status,
      verification,
      updatedAt: Timestamp.fromDate(now),
    };
    tx.update(ref, update);
    held.forEach((claim) => tx.delete(claim));
    return { written: true, data: { ...current, ...update } };
  });
}
