/**
 * Checks the links of one submission against its bounty: static checks, a claim per post, then
 * the platforms' oEmbed answers. Produces one check per submitted link, in order.
 */
import * as logger from 'firebase-functions/logger';

import { NO_PUBLIC_ENDPOINT, fetchOEmbed, type OEmbedLookup } from '../adapters/oembed-client';
import type { Bounty } from '../domain/bounty';
import {
  PLATFORM_UNAVAILABLE,
  checkLinksStatically,
  decideVerification,
  findMissingRequirements,
  type ContentLink,
  type LinkCheck,
  type ParsedLink,
} from '../domain/content-checks';
import { TransientError } from '../domain/errors';
import { claimContentLinks } from './content-claims';
import type { Services, TaskRun } from './types';

/**
 * Per lookup. Ten links three at a time take at most four rounds (40 s), inside the queue's
 * 120 s handler timeout (`config/queues.ts`).
 */
const OEMBED_TIMEOUT_MS = 10_000;
/** Lookups in flight per submission: enough to finish quickly, few enough not to look abusive. */
const OEMBED_CONCURRENCY = 3;

export interface ContentLinksInput {
  submissionId: string;
  bountyId: string;
  contentLinks: readonly string[];
  bounty: Bounty;
}

/**
 * The checks of every link. Throws a TransientError while a platform cannot be reached and the
 * outcome hangs on it, unless this is the last attempt or the platform has no endpoint we can
 * call: then those links fail with `platform_unavailable`, which makes the submission
 * `needs_review`.
 */
export async function checkContentLinks(
  input: ContentLinksInput,
  run: TaskRun,
  services: Services,
): Promise<LinkCheck[]> {
  const parsed = checkLinksStatically(input.contentLinks, input.bounty.platforms);
  const candidates = parsed.filter((link): link is ParsedLink & ContentLink => link.ok);
  const taken = await claimContentLinks(services.db, {
    submissionId: input.submissionId,
    bountyId: input.bountyId,
    links: candidates,
    now: services.clock.now(),
  });

  const toFetch = candidates.filter((link) => !taken.has(link.normalised));
  const lookups = await lookUpLinks(toFetch, services);
  const lookupOf = new Map<ParsedLink, OEmbedLookup>(toFetch.map((link, i) => [link, lookups[i]]));
  const checks = parsed.map((link) =>
    toCheck(link, taken, lookupOf.get(link), input.bounty.requirements),
  );

  const unavailable = lookups.flatMap((lookup) =>
    lookup.kind === 'unavailable' ? [lookup.reason] : [],
  );
  // A platform without a callable endpoint stays so on a retry: no point waiting for it.
  const retryable = unavailable.some((reason) => reason !== NO_PUBLIC_ENDPOINT);
  if (retryable && decideVerification(checks) === 'needs_review' && !run.isLastAttempt) {
    throwUnavailable(input, run, unavailable);
  }
  return checks;
}

function lookUpLinks(links: readonly ContentLink[], services: Services): Promise<OEmbedLookup[]> {
  const { fetch, config } = services;
  return mapWithConcurrency(links, OEMBED_CONCURRENCY, (link) =>
    fetchOEmbed(fetch, config.oembedBaseUrl, link.platform, link.fetchUrl, OEMBED_TIMEOUT_MS),
  );
}

function toCheck(
  link: ParsedLink,
  taken: ReadonlySet<string>,
  lookup: OEmbedLookup | undefined,
  requirements: Bounty['requirements'],
): LinkCheck {
  const fail = (reason: string): LinkCheck => ({ link: link.link, ok: false, reason });
  if (!link.ok) return fail(link.reason);
  // Every link not taken by another submission was looked up.
  if (taken.has(link.normalised) || lookup === undefined) return fail('duplicate_link');
  if (lookup.kind === 'not_found') return fail('content_not_found');
  if (lookup.kind === 'unavailable') return fail(PLATFORM_UNAVAILABLE);

  const missing = findMissingRequirements(lookup.text, requirements);
  return missing.length > 0
    ? fail(missing.join(', '))
    : { link: link.link, ok: true, reason: null };
}

function throwUnavailable(input: ContentLinksInput, run: TaskRun, reasons: string[]): never {
  logger.info('verification.platform_unavailable', {
    submissionId: input.submissionId,
    bountyId: input.bountyId,
    attempt: run.attempt,
    unavailableLinks: reasons.length,
  });
  throw new TransientError(
    'oembed_unavailable',
    `oEmbed lookup failed for ${reasons.length} link(s) of submission ${input.submissionId}: ` +
      [...new Set(reasons)].join(', '),
  );
}

/** Runs `task` over `items` with at most `limit` in flight, keeping the order of results. */
async function mapWithConcurrency<T, R>(
  items: readonly T[],
  limit: number,
  task: (item: T) => Promise<R>,
): Promise<R[]> {
  const results = new Array<R>(items.length);
  let next = 0;
  const worker = async () => {
    while (next < items.length) {
      const index = next++;
      results[index] = await task(items[index]);
    }
  };
  await Promise.all(Array.from({ length: Math.min(limit, items.length) }, worker));
  return results;
}
