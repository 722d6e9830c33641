import {
  assertFails,
  assertSucceeds,
  type RulesTestEnvironment,
} from '@firebase/rules-unit-testing';
import {
  collection,
  deleteDoc,
  doc,
  getDoc,
  getDocs,
  query,
  setDoc,
  Timestamp,
  updateDoc,
  where,
  type DocumentData,
  type Firestore,
} from 'firebase/firestore';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';

import {
  createRulesEnv,
  daysFromNow,
  dbAdmin,
  dbAnonymous,
  dbAs,
  fundedBounty,
  httpsLinks,
  newBounty,
  newSubmission,
  now,
  repeat,
  seed,
  uniqueId,
  userProfile,
  verifiedSubmission,
  withField,
  withoutField,
  type SubmissionStatus,
} from './support';

let env: RulesTestEnvironment;

const STATUSES: readonly SubmissionStatus[] = [
  'submitted',
  'verifying',
  'verified',
  'rejected',
  'needs_review',
  'approved',
  'declined',
];

interface World {
  owner: string;
  otherBusiness: string;
  creator: string;
  otherCreator: string;
  noProfile: string;
  admin: string;
  bounties: {
    /** Active, approvedSubmissionId: null (as the server writes it when funding). */
    active: string;
    /** Active, approvedSubmissionId never written. */
    activeBare: string;
    /** Active, but a submission was already approved. */
    alreadyWon: string;
    /** Still 'active' but past its deadline (the expiry job has not run yet). */
    lapsed: string;
    draft: string;
    funding: string;
    completed: string;
    expired: string;
    cancelled: string;
    /** An active bounty of another business. */
    foreign: string;
  };
  /** creator's submissions to bounties.active, one per status. */
  submissions: Record<SubmissionStatus, string>;
  /** A verified submission to bounties.activeBare. */
  bareVerified: string;
  /** A verified submission to bounties.alreadyWon. */
  wonVerified: string;
  /** A verified submission to bounties.completed. */
  completedVerified: string;
}

let world: World;

beforeAll(async () => {
  env = await createRulesEnv('submissions');
});

afterAll(async () => {
  await env?.cleanup();
});

beforeEach(async () => {
  const owner = uniqueId('biz');
  const otherBusiness = uniqueId('biz2');
  const creator = uniqueId('creator');
  const otherCreator = uniqueId('creator2');
  const b = {
    active: uniqueId('active'),
    activeBare: uniqueId('active-bare'),
    alreadyWon: uniqueId('won'),
    lapsed: uniqueId('lapsed'),
    draft: uniqueId('draft'),
    funding: uniqueId('funding'),
    completed: uniqueId('completed'),
    expired: uniqueId('expired'),
    cancelled: uniqueId('cancelled'),
    foreign: uniqueId('foreign'),
  };
  const submissions = Object.fromEntries(
    STATUSES.map((status) => [status, uniqueId(`sub-${status}`)]),
  ) as Record<SubmissionStatus, string>;
  world = {
    owner,
    otherBusiness,
    creator,
    otherCreator,
    noProfile: uniqueId('nobody'),
    admin: uniqueId('admin'),
    bounties: b,
    submissions,
    bareVerified: uniqueId('sub-bare'),
    wonVerified: uniqueId('sub-won'),
    completedVerified: uniqueId('sub-completed'),
  };

  const activeBare = fundedBounty(owner, 'active');
  delete activeBare.approvedSubmissionId;
  const docs: Record<string, DocumentData> = {
    [`users/${owner}`]: userProfile(owner, 'business'),
    [`users/${otherBusiness}`]: userProfile(otherBusiness, 'business'),
    [`users/${creator}`]: userProfile(creator, 'creator', { stripeAccountId: 'acct_creator' }),
    [`users/${otherCreator}`]: userProfile(otherCreator, 'creator'),
    [`bounties/${b.active}`]: fundedBounty(owner, 'active'),
    [`bounties/${b.activeBare}`]: activeBare,
    [`bounties/${b.alreadyWon}`]: fundedBounty(owner, 'active', {
      approvedSubmissionId: 'sub-earlier-winner',
    }),
    [`bounties/${b.lapsed}`]: fundedBounty(owner, 'active', { deadline: daysFromNow(-1) }),
    [`bounties/${b.draft}`]: newBounty(owner),
    [`bounties/${b.funding}`]: fundedBounty(owner, 'funding'),
    [`bounties/${b.completed}`]: fundedBounty(owner, 'completed'),
    [`bounties/${b.expired}`]: fundedBounty(owner, 'expired'),
    [`bounties/${b.cancelled}`]: fundedBounty(owner, 'cancelled'),
    [`bounties/${b.foreign}`]: fundedBounty(otherBusiness, 'active'),
    [`submissions/${world.bareVerified}`]: verifiedSubmission(b.activeBare, creator, 'verified'),
    [`submissions/${world.wonVerified}`]: verifiedSubmission(b.alreadyWon, creator, 'verified'),
    [`submissions/${world.completedVerified}`]: verifiedSubmission(
      b.completed,
      creator,
      'verified',
    ),
  };
  for (const status of STATUSES) {
    docs[`submissions/${submissions[status]}`] = verifiedSubmission(b.active, creator, status);
  }
  await seed(env, docs);
});

const as = (uid: string): Firestore => dbAs(env, uid);
const submissionRef = (db: Firestore, id: string) => doc(db, 'submissions', id);
const createSubmission = (db: Firestore, data: DocumentData) =>
  setDoc(submissionRef(db, uniqueId('new-sub')), data);
/** The creator submitting to the active bounty, valid except for the given change. */
const creatorSubmits = (w: World, data: DocumentData) => createSubmission(as(w.creator), data);
const validSubmission = (w: World) => newSubmission(w.bounties.active, w.creator);
const ownerDecides = (w: World, submissionId: string, changes: DocumentData) =>
  updateDoc(submissionRef(as(w.owner), submissionId), changes);

describe('submissions: allowed', () => {
  it('a creator submits one link to an active bounty', async () => {
    await assertSucceeds(creatorSubmits(world, validSubmission(world)));
  });

  it('a creator submits ten 2048-character links and an updatedAt', async () => {
    await assertSucceeds(
      creatorSubmits(
        world,
        newSubmission(world.bounties.active, world.creator, {
          contentLinks: httpsLinks(10, 2048),
          updatedAt: now(),
        }),
      ),
    );
  });

  it('a creator submits to an active bounty that has no approvedSubmissionId field', async () => {
    await assertSucceeds(
      creatorSubmits(world, newSubmission(world.bounties.activeBare, world.creator)),
    );
  });

  it('the creator reads its own submission', async () => {
    const snap = await assertSucceeds(
      getDoc(submissionRef(as(world.creator), world.submissions.verified)),
    );
    expect(snap.get('creatorId')).toBe(world.creator);
  });

  it("the bounty's owner reads a submission to its bounty", async () => {
    const snap = await assertSucceeds(
      getDoc(submissionRef(as(world.owner), world.submissions.submitted)),
    );
    expect(snap.get('bountyId')).toBe(world.bounties.active);
  });

  it('the creator lists its own submissions by creatorId', async () => {
    const q = query(
      collection(as(world.creator), 'submissions'),
      where('creatorId', '==', world.creator),
    );
    const snap = await assertSucceeds(getDocs(q));
    expect(snap.size).toBe(STATUSES.length + 3);
  });

  it("the bounty's owner lists the submissions to its bounty by bountyId", async () => {
    const q = query(
      collection(as(world.owner), 'submissions'),
      where('bountyId', '==', world.bounties.active),
    );
    const snap = await assertSucceeds(getDocs(q));
    expect(snap.size).toBe(STATUSES.length);
  });

  it.each(['verified', 'needs_review'] as const)(
    "the bounty's owner approves a %s submission",
    async (status) => {
      await assertSucceeds(
        ownerDecides(world, world.submissions[status], { status: 'approved', updatedAt: now() }),
      );
    },
  );

  it.each(['verified', 'needs_review'] as const)(
    "the bounty's owner declines a %s submission with a note",
    async (status) => {
      await assertSucceeds(
        ownerDecides(world, world.submissions[status], {
          status: 'declined',
          decisionNote: 'The hashtag is missing from the caption.',
          updatedAt: now(),
        }),
      );
    },
  );

  it("the bounty's owner approves changing nothing but status", async () => {
    await assertSucceeds(ownerDecides(world, world.submissions.verified, { status: 'approved' }));
  });

  it("the bounty's owner approves with a 1000-character note", async () => {
    await assertSucceeds(
      ownerDecides(world, world.submissions.verified, {
        status: 'approved',
        decisionNote: repeat('n', 1000),
      }),
    );
  });

  it('the owner approves on a bounty whose approvedSubmissionId was never written', async () => {
    await assertSucceeds(ownerDecides(world, world.bareVerified, { status: 'approved' }));
  });

  it('the owner still declines on a bounty that already has an approved submission', async () => {
    await assertSucceeds(ownerDecides(world, world.wonVerified, { status: 'declined' }));
  });
});

interface DeniedCase {
  name: string;
  attempt: (w: World) => Promise<unknown>;
}

/** Creates by the creator to the active bounty, valid except for one thing. */
const invalidCreates: Array<[string, (w: World) => DocumentData]> = [
  [
    'with status verified',
    (w) => newSubmission(w.bounties.active, w.creator, { status: 'verified' }),
  ],
  [
    'with status approved',
    (w) => newSubmission(w.bounties.active, w.creator, { status: 'approved' }),
  ],
  [
    'with a verification result',
    (w) => newSubmission(w.bounties.active, w.creator, { verification: { score: 1 } }),
  ],
  [
    'with a decisionNote',
    (w) => newSubmission(w.bounties.active, w.creator, { decisionNote: 'hi' }),
  ],
  ['with an unknown field', (w) => withField(validSubmission(w), 'payoutCents', 1)],
  ['without any link', (w) => newSubmission(w.bounties.active, w.creator, { contentLinks: [] })],
  [
    'with eleven links',
    (w) => newSubmission(w.bounties.active, w.creator, { contentLinks: httpsLinks(11, 40) }),
  ],
  [
    'with a 2049-character link',
    (w) => newSubmission(w.bounties.active, w.creator, { contentLinks: httpsLinks(1, 2049) }),
  ],
  [
    'with a plain http link',
    (w) =>
      newSubmission(w.bounties.active, w.creator, { contentLinks: ['http://example.com/v/1'] }),
  ],
  [
    'with a javascript: link',
    (w) => newSubmission(w.bounties.active, w.creator, { contentLinks: ['javascript:alert(1)'] }),
  ],
  [
    'with a link containing whitespace',
    (w) =>
      newSubmission(w.bounties.active, w.creator, {
        contentLinks: ['https://example.com/a b'],
      }),
  ],
  [
    'with a bad link after a good one',
    (w) =>
      newSubmission(w.bounties.active, w.creator, {
        contentLinks: ['https://example.com/ok', 'ftp://example.com/x'],
      }),
  ],
  ['with a non-string link', (w) => withField(validSubmission(w), 'contentLinks', [42])],
  [
    'with contentLinks as a single string',
    (w) => withField(validSubmission(w), 'contentLinks', 'https://example.com/v/1'),
  ],
  [
    'with a client-chosen createdAt',
    (w) =>
      newSubmission(w.bounties.active, w.creator, {
        createdAt: Timestamp.fromMillis(Date.now() - 3_600_000),
      }),
  ],
  ['without createdAt', (w) => withoutField(validSubmission(w), 'createdAt')],
  ['without a bountyId', (w) => withoutField(validSubmission(w), 'bountyId')],
];

const denied: DeniedCase[] = [
  // Creates: which bounty
  ...(['draft', 'funding', 'completed', 'expired', 'cancelled'] as const).map((state) => ({
    name: `a creator cannot submit to a ${state} bounty`,
    attempt: (w: World) => creatorSubmits(w, newSubmission(w.bounties[state], w.creator)),
  })),
  {
    name: 'a creator cannot submit to an active bounty whose deadline has passed',
    attempt: (w) => creatorSubmits(w, newSubmission(w.bounties.lapsed, w.creator)),
  },
  {
    name: 'a creator cannot submit to a bounty that does not exist',
    attempt: (w) => creatorSubmits(w, newSubmission(uniqueId('missing'), w.creator)),
  },

  // Creates: who
  {
    name: 'a creator cannot submit on behalf of another creator',
    attempt: (w) => creatorSubmits(w, newSubmission(w.bounties.active, w.otherCreator)),
  },
  {
    name: 'a business cannot create a submission',
    attempt: (w) =>
      createSubmission(as(w.otherBusiness), newSubmission(w.bounties.active, w.otherBusiness)),
  },
  {
    name: 'a signed-in user without a profile cannot create a submission',
    attempt: (w) =>
      createSubmission(as(w.noProfile), newSubmission(w.bounties.active, w.noProfile)),
  },
  {
    name: 'a signed-out visitor cannot create a submission',
    attempt: (w) => createSubmission(dbAnonymous(env), validSubmission(w)),
  },
  {
    name: 'an admin without a creator profile cannot create a submission',
    attempt: (w) =>
      createSubmission(dbAdmin(env, w.admin), newSubmission(w.bounties.active, w.admin)),
  },

  // Creates: shape
  ...invalidCreates.map(([what, build]) => ({
    name: `a creator cannot create a submission ${what}`,
    attempt: (w: World) => creatorSubmits(w, build(w)),
  })),

  // Creators never update
  {
    name: 'a creator cannot approve its own submission',
    attempt: (w) =>
      updateDoc(submissionRef(as(w.creator), w.submissions.verified), { status: 'approved' }),
  },
  {
    name: 'a creator cannot mark its own submission verified',
    attempt: (w) =>
      updateDoc(submissionRef(as(w.creator), w.submissions.submitted), { status: 'verified' }),
  },
  {
    name: 'a creator cannot swap the links of a submitted submission',
    attempt: (w) =>
      updateDoc(submissionRef(as(w.creator), w.submissions.submitted), {
        contentLinks: ['https://example.com/other'],
      }),
  },
  {
    name: 'a creator cannot write its own verification result',
    attempt: (w) =>
      updateDoc(submissionRef(as(w.creator), w.submissions.verifying), {
        verification: { score: 1 },
      }),
  },

  // Decisions: who
  {
    name: "another business cannot approve a submission to someone else's bounty",
    attempt: (w) =>
      updateDoc(submissionRef(as(w.otherBusiness), w.submissions.verified), {
        status: 'approved',
      }),
  },
  {
    name: 'an admin cannot approve a submission from a client',
    attempt: (w) =>
      updateDoc(submissionRef(dbAdmin(env, w.admin), w.submissions.verified), {
        status: 'approved',
      }),
  },
  {
    name: 'a signed-out visitor cannot decline a submission',
    attempt: (w) =>
      updateDoc(submissionRef(dbAnonymous(env), w.submissions.verified), { status: 'declined' }),
  },

  // Decisions: from which status
  ...(['submitted', 'verifying', 'rejected'] as const).map((status) => ({
    name: `the owner cannot approve a ${status} submission`,
    attempt: (w: World) => ownerDecides(w, w.submissions[status], { status: 'approved' }),
  })),
  {
    name: 'the owner cannot decline a submission still being verified',
    attempt: (w) => ownerDecides(w, w.submissions.verifying, { status: 'declined' }),
  },
  {
    name: 'the owner cannot turn an approval into a decline',
    attempt: (w) => ownerDecides(w, w.submissions.approved, { status: 'declined' }),
  },
  {
    name: 'the owner cannot turn a decline into an approval',
    attempt: (w) => ownerDecides(w, w.submissions.declined, { status: 'approved' }),
  },

  // Decisions: to which status
  ...(['verified', 'rejected', 'submitted'] as const).map((status) => ({
    name: `the owner cannot set a needs_review submission to ${status}`,
    attempt: (w: World) => ownerDecides(w, w.submissions.needs_review, { status }),
  })),

  // Decisions: one winner, live bounties only
  {
    name: 'the owner cannot approve a second submission once one is approved',
    attempt: (w) => ownerDecides(w, w.wonVerified, { status: 'approved' }),
  },
  {
    name: 'the owner cannot approve a submission to a completed bounty',
    attempt: (w) => ownerDecides(w, w.completedVerified, { status: 'approved' }),
  },

  // Decisions: nothing else changes
  {
    name: 'the owner cannot change the links while approving',
    attempt: (w) =>
      ownerDecides(w, w.submissions.verified, {
        status: 'approved',
        contentLinks: ['https://example.com/other'],
      }),
  },
  {
    name: 'the owner cannot rewrite the verification result while declining',
    attempt: (w) =>
      ownerDecides(w, w.submissions.needs_review, {
        status: 'declined',
        verification: { score: 0 },
      }),
  },
  {
    name: 'the owner cannot reassign a submission to another creator',
    attempt: (w) =>
      ownerDecides(w, w.submissions.verified, { status: 'approved', creatorId: w.otherCreator }),
  },
  {
    name: 'the owner cannot edit the decision note without deciding',
    attempt: (w) => ownerDecides(w, w.submissions.verified, { decisionNote: 'Thinking...' }),
  },
  {
    name: 'the owner cannot attach a 1001-character decision note',
    attempt: (w) =>
      ownerDecides(w, w.submissions.verified, {
        status: 'declined',
        decisionNote: repeat('n', 1001),
      }),
  },
  {
    name: 'the owner cannot attach a non-string decision note',
    attempt: (w) =>
      ownerDecides(w, w.submissions.verified, { status: 'declined', decisionNote: 5 }),
  },
  {
    name: 'the owner cannot backdate updatedAt on a decision',
    attempt: (w) =>
      ownerDecides(w, w.submissions.verified, {
        status: 'approved',
        updatedAt: Timestamp.fromMillis(0),
      }),
  },

  // Reads
  {
    name: "another creator cannot read a creator's submission",
    attempt: (w) => getDoc(submissionRef(as(w.otherCreator), w.submissions.verified)),
  },
  {
    name: "another business cannot read a submission to someone else's bounty",
    attempt: (w) => getDoc(submissionRef(as(w.otherBusiness), w.submissions.verified)),
  },
  {
    name: 'a signed-out visitor cannot read a submission',
    attempt: (w) => getDoc(submissionRef(dbAnonymous(env), w.submissions.verified)),
  },
  {
    name: 'an admin cannot read submissions from a client',
    attempt: (w) => getDoc(submissionRef(dbAdmin(env, w.admin), w.submissions.verified)),
  },
  {
    name: 'a creator cannot list all submissions',
    attempt: (w) => getDocs(collection(as(w.creator), 'submissions')),
  },
  {
    name: "a business cannot list the submissions to another business's bounty",
    attempt: (w) =>
      getDocs(
        query(
          collection(as(w.otherBusiness), 'submissions'),
          where('bountyId', '==', w.bounties.active),
        ),
      ),
  },
  {
    name: "a creator cannot list another creator's submissions",
    attempt: (w) =>
      getDocs(
        query(collection(as(w.otherCreator), 'submissions'), where('creatorId', '==', w.creator)),
      ),
  },

  // Deletes
  {
    name: 'a creator cannot delete its own submission',
    attempt: (w) => deleteDoc(submissionRef(as(w.creator), w.submissions.submitted)),
  },
  {
    name: "the bounty's owner cannot delete a submission",
    attempt: (w) => deleteDoc(submissionRef(as(w.owner), w.submissions.declined)),
  },
];

describe('submissions: denied', () => {
  for (const { name, attempt } of denied) {
    it(name, async () => {
      await assertFails(attempt(world));
    });
  }
});
