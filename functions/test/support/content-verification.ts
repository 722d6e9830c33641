/**
 * Helpers for tests of the `content_verification` processor run in-process: seeded bounties and
 * submissions, posts published on the oEmbed stand-in, task runs, and services whose `enqueue`
 * records follow-up tasks instead of sending them to Cloud Tasks.
 */
import { Timestamp } from 'firebase-admin/firestore';

import { normaliseContentLink } from '../../src/domain/content-checks';
import { deriveTaskId } from '../../src/domain/ids';
import { parsePayload } from '../../src/domain/payloads';
import type { EnqueueRequest } from '../../src/domain/task-request';
import { contentClaimRef } from '../../src/processors/content-claims';
import type { Services, TaskRun } from '../../src/processors/types';
import { verifySubmissionContent } from '../../src/processors/verify-content';
import type { Enqueue } from '../../src/runtime/enqueue';
import { registerContent } from '../../tools/stand-ins/admin-client';
import { buildBounty, type BountyDoc } from './builders';
import { testDb, uniqueId } from './emulator';
import { OEMBED_URL, testServices } from './services';

/** A caption carrying everything `seedBounty`'s default requirements ask for. */
export const GOOD_CAPTION = 'Breakfast with my favourite granola #acme #ad thanks @acme';

/** Fresh post URLs per platform, so tests never share content on the stand-in. */
export const posts = {
  tiktok: () => `https://www.tiktok.com/@glow/video/${uniqueId('tt')}`,
  youtube: () => `https://www.youtube.com/watch?v=${uniqueId('yt')}`,
  instagram: () => `https://www.instagram.com/p/${uniqueId('ig')}/`,
  x: () => `https://x.com/glow/status/${uniqueId('x')}`,
};

/** Registers `url` on the oEmbed stand-in with `caption` and returns it. */
export async function publish(url: string, caption = GOOD_CAPTION): Promise<string> {
  await registerContent(OEMBED_URL, { url, caption });
  return url;
}

/** An active TikTok + YouTube bounty requiring #acme and @acme, unless overridden. */
export async function seedBounty(overrides: Partial<BountyDoc> = {}): Promise<string> {
  const id = uniqueId('bounty');
  const bounty = buildBounty({
    status: 'active',
    platforms: ['tiktok', 'youtube'],
    requirements: { hashtags: ['#acme'], mentions: ['@acme'] },
    ...overrides,
  });
  await testDb().collection('bounties').doc(id).set(bounty);
  return id;
}

/** A `submitted` submission by a fresh creator with `fields` on top (undefined removes one). */
export async function seedSubmission(fields: Record<string, unknown>): Promise<string> {
  const id = uniqueId('submission');
  await testDb()
    .collection('submissions')
    .doc(id)
    .set({
      creatorId: uniqueId('creator'),
      status: 'submitted',
      createdAt: Timestamp.now(),
      ...fields,
    });
  return id;
}

/** The stored submission; throws when it is gone. */
export async function readSubmission(id: string) {
  const data = (await testDb().collection('submissions').doc(id).get()).data();
  if (!data) throw new Error(`submission ${id} is gone`);
  return data;
}

/** The run context of delivery `attempt` out of `maxAttempts`. */
export function taskRun(attempt = 1, maxAttempts = 3): TaskRun {
  return {
    taskId: uniqueId('task'),
    attempt,
    maxAttempts,
    isLastAttempt: attempt >= maxAttempts,
    context: { userId: null, operation: 'test' },
  };
}

/** Services whose `enqueue` records (and validates, like the real one) instead of dispatching. */
export function recordingServices(overrides: Partial<Services> = {}) {
  const requests: EnqueueRequest[] = [];
  const enqueue: Enqueue = async (request) => {
    parsePayload(request.type, request.payload);
    // A generic EnqueueRequest<T> does not widen to the union by itself; it is one of its members.
    requests.push(request as EnqueueRequest);
    return { taskId: deriveTaskId(request.type, request.dedupeKey), queue: 'test', created: true };
  };
  return { requests, services: testServices({ enqueue, ...overrides }) };
}

/** Runs the processor once and returns the stored submission and the enqueued follow-ups. */
export async function verify(
  submissionId: string,
  run = taskRun(),
  services = recordingServices(),
) {
  await verifySubmissionContent({ submissionId }, run, services.services);
  return { submission: await readSubmission(submissionId), requests: services.requests };
}

/** The reason of each check, in link order. */
export function reasons(submission: Record<string, unknown>): (string | null)[] {
  const verification = submission.verification as { checks: { reason: string | null }[] };
  return verification.checks.map((check) => check.reason);
}

/** The submission holding `link` within `bountyId`, or undefined when nobody does. */
export async function claimHolder(bountyId: string, link: string): Promise<unknown> {
  const normalised = normaliseContentLink(link);
  if (normalised === null) throw new Error(`not a content link: ${link}`);
  return (await contentClaimRef(testDb(), bountyId, normalised).get()).get('submissionId');
}
