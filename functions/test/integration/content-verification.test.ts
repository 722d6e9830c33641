/**
 * The `content_verification` processor in-process against the Firestore emulator and the oEmbed
 * stand-in. Follow-up tasks are captured by a recording `enqueue` instead of Cloud Tasks.
 */
import { Timestamp } from 'firebase-admin/firestore';
import { describe, expect, it } from 'vitest';

import { deriveDocId } from '../../src/domain/ids';
import { verifySubmissionContent } from '../../src/processors/verify-content';
import { clearOEmbedFaults, injectOEmbedFault } from '../../tools/stand-ins/admin-client';
import {
  claimHolder,
  posts,
  publish,
  readSubmission,
  reasons,
  recordingServices,
  seedBounty,
  seedSubmission,
  taskRun,
  verify,
} from '../support/content-verification';
import { uniqueId } from '../support/emulator';
import { OEMBED_URL, testServices } from '../support/services';

describe('content verification', () => {
  it('verifies a submission whose posts exist and carry the hashtags and mentions', async () => {
    const bountyId = await seedBounty({ title: 'Granola TikTok' });
    const links = [await publish(posts.tiktok()), await publish(posts.youtube())];
    const submissionId = await seedSubmission({ bountyId, contentLinks: links });

    const { submission, requests } = await verify(submissionId);

    expect(submission.status).toBe('verified');
    expect(submission.verification).toMatchObject({
      status: 'verified',
      checks: links.map((link) => ({ link, ok: true, reason: null })),
    });
    expect(submission.verification.completedAt).toBeInstanceOf(Timestamp);
    expect(await claimHolder(bountyId, links[0])).toBe(submissionId);
    const [notification, analytics] = requests;
    expect(requests).toHaveLength(2);
    expect(notification).toMatchObject({
      type: 'notification',
      payload: { userId: submission.creatorId, type: 'submission_verified' },
    });
    expect(notification.payload).toMatchObject({ message: expect.stringContaining('Granola') });
    expect(analytics).toMatchObject({
      type: 'analytics',
      dedupeKey: `submission:${submissionId}:verified:analytics`,
      payload: {
        eventId: deriveDocId('submission_verified', submissionId),
        event: 'submission_verified',
        occurredAt: submission.verification.completedAt.toDate().toISOString(),
        bountyId,
        submissionId,
        userId: submission.creatorId,
      },
    });
  });

  it('rejects with a reason per link and releases the claims it took', async () => {
    const bountyId = await seedBounty();
    const good = await publish(posts.tiktok());
    const links = [
      good,
      `${good.replace('www.', '')}/?utm_source=share#top`,
      posts.instagram(),
      posts.tiktok(),
      await publish(posts.youtube(), 'Granola #acmefoods by @acme'),
      await publish(posts.youtube(), 'Granola #acme by @acmefoods'),
      good.replace('https:', 'http:'),
    ];
    const submissionId = await seedSubmission({ bountyId, contentLinks: links });

    const { submission, requests } = await verify(submissionId);

    expect(submission.status).toBe('rejected');
    expect(submission.verification.status).toBe('rejected');
    expect(reasons(submission)).toEqual([
      null,
      'duplicate_link',
      'platform_not_allowed',
      'content_not_found',
      'missing_hashtag:#acme',
      'missing_mention:@acme',
      'not_https',
    ]);
    expect(await claimHolder(bountyId, good)).toBeUndefined();
    expect(requests.map((request) => request.payload)).toMatchObject([
      { type: 'submission_rejected', message: expect.stringContaining('content_not_found') },
      { event: 'submission_rejected', submissionId },
    ]);
  });

  it('rejects a post another submission of the same bounty already holds', async () => {
    const bountyId = await seedBounty();
    const post = await publish(posts.tiktok());
    const first = await seedSubmission({ bountyId, contentLinks: [post] });
    const second = await seedSubmission({ bountyId, contentLinks: [`${post}?utm_medium=copy`] });
    const elsewhere = await seedSubmission({ bountyId: await seedBounty(), contentLinks: [post] });

    expect((await verify(first)).submission.status).toBe('verified');
    const { submission } = await verify(second);
    expect((await verify(elsewhere)).submission.status).toBe('verified');

    expect(submission.status).toBe('rejected');
    expect(reasons(submission)).toEqual(['duplicate_link']);
    expect(await claimHolder(bountyId, post)).toBe(first);
  });

  it('gives a post to exactly one of two submissions verified at the same time', async () => {
    const bountyId = await seedBounty();
    const post = await publish(posts.youtube());
    const ids = [
      await seedSubmission({ bountyId, contentLinks: [post] }),
      await seedSubmission({ bountyId, contentLinks: [post.replace('www.', 'm.')] }),
    ];

    const results = await Promise.all(ids.map((id) => verify(id)));

    const statuses = results.map(({ submission }) => submission.status).sort();
    expect(statuses).toEqual(['rejected', 'verified']);
    const winner = ids[results.findIndex(({ submission }) => submission.status === 'verified')];
    expect(await claimHolder(bountyId, post)).toBe(winner);
    const loser = results.find(({ submission }) => submission.status === 'rejected');
    expect(reasons(loser?.submission ?? {})).toEqual(['duplicate_link']);
  });

  it('lets a creator submit a post again once the submission holding it was rejected', async () => {
    const bountyId = await seedBounty();
    const post = await publish(posts.tiktok());
    const rejected = await seedSubmission({ bountyId, contentLinks: [post, posts.tiktok()] });
    const retry = await seedSubmission({ bountyId, contentLinks: [post] });

    expect((await verify(rejected)).submission.status).toBe('rejected');
    const { submission } = await verify(retry);

    expect(submission.status).toBe('verified');
    expect(await claimHolder(bountyId, post)).toBe(retry);
  });

  it('retries while the platform fails and ends needs_review on the last attempt', async () => {
    const bountyId = await seedBounty({ platforms: ['instagram'] });
    const submissionId = await seedSubmission({
      bountyId,
      contentLinks: [await publish(posts.instagram())],
    });
    await injectOEmbedFault(OEMBED_URL, { platform: 'instagram', kind: '500', count: 3 });
    try {
      for (const attempt of [1, 2]) {
        const recording = recordingServices();
        await expect(verify(submissionId, taskRun(attempt, 3), recording)).rejects.toMatchObject({
          code: 'oembed_unavailable',
          retryable: true,
        });
        expect((await readSubmission(submissionId)).status).toBe('verifying');
        expect(recording.requests).toEqual([]);
      }

      const { submission, requests } = await verify(submissionId, taskRun(3, 3));

      expect(submission.status).toBe('needs_review');
      expect(reasons(submission)).toEqual(['platform_unavailable']);
      expect(requests.map((request) => request.payload)).toMatchObject([
        { type: 'submission_needs_review', userId: submission.creatorId },
      ]);
    } finally {
      await clearOEmbedFaults(OEMBED_URL);
    }
  });

  it('verifies on a retry once the platform answers again', async () => {
    const bountyId = await seedBounty({ platforms: ['x'] });
    const submissionId = await seedSubmission({
      bountyId,
      contentLinks: [await publish(posts.x())],
    });
    await injectOEmbedFault(OEMBED_URL, { platform: 'x', kind: '500', count: 1 });
    try {
      await expect(verify(submissionId, taskRun(1, 3))).rejects.toMatchObject({
        code: 'oembed_unavailable',
      });
      expect((await verify(submissionId, taskRun(2, 3))).submission.status).toBe('verified');
    } finally {
      await clearOEmbedFaults(OEMBED_URL);
    }
  });

  it('sends Instagram straight to review when no Instagram endpoint can be called', async () => {
    const bountyId = await seedBounty({ platforms: ['instagram', 'tiktok'] });
    const links = [await publish(posts.instagram()), await publish(posts.tiktok())];
    const submissionId = await seedSubmission({ bountyId, contentLinks: links });
    const called: string[] = [];
    const recording = recordingServices({
      config: { oembedBaseUrl: null, releaseHoldSeconds: 0 },
      fetch: (async (input: string | URL | Request) => {
        called.push(String(input));
        return new Response('{"title":"#acme @acme"}', { status: 200 });
      }) as typeof fetch,
    });

    const { submission } = await verify(submissionId, taskRun(1, 5), recording);

    expect(submission.status).toBe('needs_review');
    expect(reasons(submission)).toEqual(['platform_unavailable', null]);
    expect(called).toEqual([`https://www.tiktok.com/oembed?url=${encodeURIComponent(links[1])}`]);
  });

  it.each([
    ['no creator', { creatorId: undefined }, 'creatorId', 0],
    ['no links', { contentLinks: [] }, 'contentLinks', 2],
    [
      'eleven links',
      { contentLinks: Array(11).fill('https://tiktok.com/@a/video/1') },
      'contentLinks',
      2,
    ],
    ['a link that is not a string', { contentLinks: [42] }, 'contentLinks.0', 2],
    [
      'links that are not a list',
      { contentLinks: 'https://tiktok.com/@a/video/1' },
      'contentLinks',
      2,
    ],
    ['a bounty id with a slash', { bountyId: 'a/b' }, 'bountyId', 0],
    ['an unknown status', { status: 'banana' }, 'status', 2],
  ])(
    'rejects a submission with %s, explaining why, without throwing',
    async (_case, fields, field, followUps) => {
      const bountyId = await seedBounty();
      const submissionId = await seedSubmission({
        bountyId,
        contentLinks: [posts.tiktok()],
        ...fields,
      });

      const { submission, requests } = await verify(submissionId);

      expect(submission.status).toBe('rejected');
      expect(submission.verification.status).toBe('rejected');
      expect(submission.verification.checks.length).toBeGreaterThan(0);
      expect(submission.verification.checks.length).toBeLessThanOrEqual(10);
      for (const check of submission.verification.checks) {
        expect(check).toEqual({
          link: expect.any(String),
          ok: false,
          reason: `invalid_submission: ${field}`,
        });
      }
      expect(requests).toHaveLength(followUps);
    },
  );

  it.each([
    ['missing', null, 'bounty_not_found'],
    ['invalid', { rewardCents: -5 }, 'bounty_invalid'],
  ])('rejects every link when the bounty is %s', async (_case, bounty, reason) => {
    const bountyId = bounty === null ? uniqueId('bounty') : await seedBounty(bounty);
    const links = [await publish(posts.tiktok()), await publish(posts.youtube())];
    const submissionId = await seedSubmission({ bountyId, contentLinks: links });

    const { submission } = await verify(submissionId);

    expect(submission.status).toBe('rejected');
    expect(reasons(submission)).toEqual([reason, reason]);
  });

  it('gives the same result and the same follow-ups when run twice', async () => {
    const bountyId = await seedBounty();
    const submissionId = await seedSubmission({
      bountyId,
      contentLinks: [await publish(posts.tiktok()), posts.youtube()],
    });

    const first = await verify(submissionId);
    const second = await verify(submissionId);

    expect(first.submission.status).toBe('rejected');
    expect(second.submission).toEqual(first.submission);
    expect(second.requests).toEqual(first.requests);
  });

  it('enqueues the follow-ups on a rerun after a crash between decision and enqueue', async () => {
    const bountyId = await seedBounty();
    const submissionId = await seedSubmission({
      bountyId,
      contentLinks: [await publish(posts.tiktok())],
    });
    const crashing = testServices({
      enqueue: async () => {
        throw new Error('instance died');
      },
    });
    await expect(verifySubmissionContent({ submissionId }, taskRun(1), crashing)).rejects.toThrow(
      'instance died',
    );
    expect((await readSubmission(submissionId)).status).toBe('verified');

    const { requests } = await verify(submissionId, taskRun(2));

    expect(requests.map((request) => request.dedupeKey)).toEqual([
      expect.stringContaining('submission_verified'),
      `submission:${submissionId}:verified:analytics`,
    ]);
  });

  it('leaves a submission the business already reviewed untouched', async () => {
    const bountyId = await seedBounty();
    const submissionId = await seedSubmission({ bountyId, contentLinks: 7, status: 'approved' });

    const { submission, requests } = await verify(submissionId);

    expect(submission.status).toBe('approved');
    expect(submission.verification).toBeUndefined();
    expect(requests).toEqual([]);
  });

  it('fails permanently for a submission that does not exist', async () => {
    await expect(verify(uniqueId('missing'))).rejects.toMatchObject({
      code: 'submission_not_found',
      retryable: false,
    });
  });
});
