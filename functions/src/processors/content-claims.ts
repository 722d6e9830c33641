/**
 * `contentClaims/{id}`: which submission of a bounty holds a given post. One document per bounty
 * and normalised link, claimed in a transaction, so two submissions verified at the same moment
 * with the same post cannot both get it: Firestore serialises the two transactions and the later
 * one reads the earlier one's claim
 * (https://firebase.google.com/docs/firestore/transaction-data-contention).
 */
import {
  Timestamp,
  type DocumentReference,
  type Firestore,
  type Transaction,
} from 'firebase-admin/firestore';

import {
  MAX_LINKS_PER_SUBMISSION,
  normaliseContentLink,
  type ContentLink,
} from '../domain/content-checks';
import { deriveDocId } from '../domain/ids';

export const CONTENT_CLAIMS = 'contentClaims';
const SUBMISSIONS = 'submissions';

/** The claim document of `normalisedLink` within `bountyId`. */
export function contentClaimRef(
  db: Firestore,
  bountyId: string,
  normalisedLink: string,
): DocumentReference {
  return db.collection(CONTENT_CLAIMS).doc(deriveDocId('content', bountyId, normalisedLink));
}

/**
 * Claims every link for `submissionId` in one transaction and returns the normalised links held
 * by another submission. A claim this submission already holds (an earlier attempt) is kept. A
 * claim whose holder was rejected or no longer exists is taken over: rejection releases claims,
 * so such a claim is left over from a crash and must not lock the post out forever.
 */
export async function claimContentLinks(
  db: Firestore,
  input: { submissionId: string; bountyId: string; links: readonly ContentLink[]; now: Date },
): Promise<Set<string>> {
  const { submissionId, bountyId, links } = input;
  if (links.length === 0) return new Set();
  const refs = links.map((link) => contentClaimRef(db, bountyId, link.normalised));

  return db.runTransaction(async (tx) => {
    const holders = (await tx.getAll(...refs)).map((claim) => claim.get('submissionId'));
    const released = await findReleasedHolders(tx, db, holders, submissionId);
    const taken = new Set<string>();

    links.forEach((link, index) => {
      const holder = holders[index];
      if (holder === submissionId) return;
      if (typeof holder === 'string' && !released.has(holder)) {
        taken.add(link.normalised);
        return;
      }
      tx.set(refs[index], {
        bountyId,
        link: link.normalised,
        submissionId,
        claimedAt: Timestamp.fromDate(input.now),
      });
    });
    return taken;
  });
}

/** Holders other than `submissionId` whose submission is rejected or gone. */
async function findReleasedHolders(
  tx: Transaction,
  db: Firestore,
  holders: readonly unknown[],
  submissionId: string,
): Promise<Set<string>> {
  const others = [...new Set(holders)].filter(
    (holder): holder is string => typeof holder === 'string' && holder !== submissionId,
  );
  if (others.length === 0) return new Set();
  const snapshots = await tx.getAll(...others.map((id) => db.collection(SUBMISSIONS).doc(id)));
  return new Set(
    snapshots
      .filter((snapshot) => !snapshot.exists || snapshot.get('status') === 'rejected')
      .map((snapshot) => snapshot.id),
  );
}

/**
 * Inside a transaction: the claims held by `submissionId` among its own links, for release when
 * it is rejected so the creator can submit the same post again. Tolerates any document shape.
 */
export async function findHeldClaims(
  tx: Transaction,
  db: Firestore,
  submission: { id: string; bountyId: unknown; contentLinks: unknown },
): Promise<DocumentReference[]> {
  const { bountyId, contentLinks } = submission;
  if (typeof bountyId !== 'string' || !bountyId || !Array.isArray(contentLinks)) return [];
  // Only valid submissions ever claim, and they have at most this many links.
  const normalised = contentLinks
    .slice(0, MAX_LINKS_PER_SUBMISSION)
    .filter((link): link is string => typeof link === 'string')
    .map(normaliseContentLink)
    .filter((link): link is string => link !== null);
  if (normalised.length === 0) return [];

  const refs = [...new Set(normalised)].map((link) => contentClaimRef(db, bountyId, link));
  const claims = await tx.getAll(...refs);
  return claims
    .filter((claim) => claim.get('submissionId') === submission.id)
    .map((claim) => claim.ref);
}
