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
  newBounty,
  now,
  repeat,
  seed,
  uniqueId,
  userProfile,
  withField,
  withoutField,
  type BountyStatus,
} from './support';

let env: RulesTestEnvironment;

/** Fresh actors and bounties for every test, so no test depends on another's writes. */
interface World {
  owner: string;
  otherBusiness: string;
  creator: string;
  noProfile: string;
  admin: string;
  bounties: Record<BountyStatus, string>;
  /** A draft whose deadline lapsed while it sat unfunded (seeded by the server). */
  lapsedDraft: string;
}

let world: World;

beforeAll(async () => {
  env = await createRulesEnv('bounties');
});

afterAll(async () => {
  await env?.cleanup();
});

beforeEach(async () => {
  const owner = uniqueId('biz');
  const bounties = {
    draft: uniqueId('draft'),
    funding: uniqueId('funding'),
    active: uniqueId('active'),
    completed: uniqueId('completed'),
    expired: uniqueId('expired'),
    cancelled: uniqueId('cancelled'),
  } satisfies Record<BountyStatus, string>;
  world = {
    owner,
    otherBusiness: uniqueId('biz2'),
    creator: uniqueId('creator'),
    noProfile: uniqueId('nobody'),
    admin: uniqueId('admin'),
    bounties,
    lapsedDraft: uniqueId('lapsed'),
  };
  const docs: Record<string, DocumentData> = {
    [`users/${owner}`]: userProfile(owner, 'business'),
    [`users/${world.otherBusiness}`]: userProfile(world.otherBusiness, 'business'),
    [`users/${world.creator}`]: userProfile(world.creator, 'creator'),
    [`bounties/${bounties.draft}`]: newBounty(owner),
    [`bounties/${world.lapsedDraft}`]: newBounty(owner, { deadline: daysFromNow(-1) }),
  };
  for (const status of ['funding', 'active', 'completed', 'expired', 'cancelled'] as const) {
    docs[`bounties/${bounties[status]}`] = fundedBounty(owner, status);
  }
  await seed(env, docs);
});

const as = (uid: string): Firestore => dbAs(env, uid);
const bountyRef = (db: Firestore, id: string) => doc(db, 'bounties', id);
const createBounty = (db: Firestore, data: DocumentData) =>
  setDoc(bountyRef(db, uniqueId('new')), data);
/** The owner creating a bounty that is valid except for the given change. */
const ownerCreates = (w: World, data: DocumentData) => createBounty(as(w.owner), data);
const ownerUpdates = (w: World, id: string, changes: DocumentData) =>
  updateDoc(bountyRef(as(w.owner), id), changes);

describe('bounties: allowed', () => {
  it('a business creates a draft bounty for itself', async () => {
    await assertSucceeds(createBounty(as(world.owner), newBounty(world.owner)));
  });

  it('a business creates a bounty at every upper size limit', async () => {
    const maxed = newBounty(world.owner, {
      title: repeat('t', 200),
      description: repeat('d', 5000),
      category: repeat('c', 100),
      platforms: ['tiktok', 'youtube', 'instagram', 'x'],
      requirements: {
        hashtags: Array.from({ length: 20 }, (_, i) => `#${i}${repeat('h', 97)}`),
        mentions: Array.from({ length: 20 }, (_, i) => `@${i}${repeat('m', 97)}`),
      },
      rewardCents: 10_000_000,
      currency: 'eur',
    });
    await assertSucceeds(createBounty(as(world.owner), maxed));
  });

  it('a business creates a bounty at every lower size limit', async () => {
    const minimal = newBounty(world.owner, {
      title: 't',
      description: '',
      category: 'c',
      platforms: ['x'],
      requirements: { hashtags: [], mentions: [] },
      rewardCents: 1,
    });
    await assertSucceeds(createBounty(as(world.owner), minimal));
  });

  it('the owner reads its own draft', async () => {
    const snap = await assertSucceeds(getDoc(bountyRef(as(world.owner), world.bounties.draft)));
    expect(snap.get('status')).toBe('draft');
  });

  it.each(['funding', 'active', 'completed', 'expired', 'cancelled'] as const)(
    'any signed-in user (here a creator) reads a %s bounty',
    async (status) => {
      const snap = await assertSucceeds(
        getDoc(bountyRef(as(world.creator), world.bounties[status])),
      );
      expect(snap.get('status')).toBe(status);
    },
  );

  it('another business reads an active bounty it does not own', async () => {
    await assertSucceeds(getDoc(bountyRef(as(world.otherBusiness), world.bounties.active)));
  });

  it('a creator lists active bounties with a status filter', async () => {
    const q = query(collection(as(world.creator), 'bounties'), where('status', '==', 'active'));
    const snap = await assertSucceeds(getDocs(q));
    expect(snap.docs.map((d) => d.id)).toContain(world.bounties.active);
  });

  it('the owner lists all its own bounties, drafts included, by businessId', async () => {
    const q = query(
      collection(as(world.owner), 'bounties'),
      where('businessId', '==', world.owner),
    );
    const snap = await assertSucceeds(getDocs(q));
    expect(snap.docs.map((d) => d.id)).toEqual(
      expect.arrayContaining([world.bounties.draft, world.bounties.active]),
    );
  });

  it('the owner edits content and money fields of its draft', async () => {
    await assertSucceeds(
      ownerUpdates(world, world.bounties.draft, {
        title: 'New title',
        description: 'New description',
        category: 'beauty',
        platforms: ['instagram'],
        requirements: { hashtags: ['#ad'], mentions: [] },
        rewardCents: 50_000,
        currency: 'gbp',
        deadline: daysFromNow(30),
        updatedAt: now(),
      }),
    );
  });

  it('the owner edits its draft without touching updatedAt', async () => {
    await assertSucceeds(ownerUpdates(world, world.bounties.draft, { title: 'Only the title' }));
  });

  it('the owner fixes other fields of a draft whose deadline has lapsed', async () => {
    await assertSucceeds(ownerUpdates(world, world.lapsedDraft, { title: 'Still editable' }));
  });

  it('the owner cancels its draft', async () => {
    await assertSucceeds(
      ownerUpdates(world, world.bounties.draft, { status: 'cancelled', updatedAt: now() }),
    );
  });

  it('the owner cancels its draft changing nothing but status', async () => {
    await assertSucceeds(ownerUpdates(world, world.bounties.draft, { status: 'cancelled' }));
  });
});

interface DeniedCase {
  name: string;
  attempt: (w: World) => Promise<unknown>;
}

/** Creates that are valid except for one field. */
const invalidCreates: Array<[string, (owner: string) => DocumentData]> = [
  ['without a title', (o) => withoutField(newBounty(o), 'title')],
  ['with a 201-character title', (o) => newBounty(o, { title: repeat('t', 201) })],
  ['with a non-string title', (o) => withField(newBounty(o), 'title', 42)],
  ['with a 5001-character description', (o) => newBounty(o, { description: repeat('d', 5001) })],
  ['with a 101-character category', (o) => newBounty(o, { category: repeat('c', 101) })],
  ['with no platforms', (o) => newBounty(o, { platforms: [] })],
  ['with an unsupported platform', (o) => withField(newBounty(o), 'platforms', ['facebook'])],
  ['with a duplicated platform', (o) => newBounty(o, { platforms: ['tiktok', 'tiktok'] })],
  [
    'with 21 hashtags',
    (o) =>
      newBounty(o, {
        requirements: { hashtags: Array.from({ length: 21 }, (_, i) => `#h${i}`), mentions: [] },
      }),
  ],
  [
    'with a 101-character mention',
    (o) => newBounty(o, { requirements: { hashtags: [], mentions: [repeat('m', 101)] } }),
  ],
  [
    'with a non-string hashtag',
    (o) => withField(newBounty(o), 'requirements', { hashtags: [7], mentions: [] }),
  ],
  [
    'with a mention that is a map',
    (o) => withField(newBounty(o), 'requirements', { hashtags: [], mentions: [{ at: 'acme' }] }),
  ],
  [
    'with an empty-string hashtag after a valid one',
    (o) => newBounty(o, { requirements: { hashtags: ['#ok', ''], mentions: [] } }),
  ],
  [
    'with an empty-string hashtag',
    (o) => newBounty(o, { requirements: { hashtags: [''], mentions: [] } }),
  ],
  [
    'with a hashtag containing a space',
    (o) => newBounty(o, { requirements: { hashtags: ['#two words'], mentions: [] } }),
  ],
  [
    'with an unknown key in requirements',
    (o) => withField(newBounty(o), 'requirements', { hashtags: [], mentions: [], links: [] }),
  ],
  [
    'with requirements missing mentions',
    (o) => withField(newBounty(o), 'requirements', { hashtags: [] }),
  ],
  ['with a zero reward', (o) => newBounty(o, { rewardCents: 0 })],
  ['with a negative reward', (o) => newBounty(o, { rewardCents: -500 })],
  ['with a reward above the 10,000,000 cent cap', (o) => newBounty(o, { rewardCents: 10_000_001 })],
  ['with a fractional reward', (o) => newBounty(o, { rewardCents: 100.5 })],
  ['with the reward as a string', (o) => withField(newBounty(o), 'rewardCents', '25000')],
  ['with an uppercase currency', (o) => newBounty(o, { currency: 'USD' })],
  ['with a four-letter currency', (o) => newBounty(o, { currency: 'usdt' })],
  ['with a deadline in the past', (o) => newBounty(o, { deadline: daysFromNow(-1) })],
  ['with the deadline as a string', (o) => withField(newBounty(o), 'deadline', '2099-01-01')],
  [
    'with a client-chosen createdAt',
    (o) => newBounty(o, { createdAt: Timestamp.fromMillis(Date.now() - 60_000) }),
  ],
  ['without createdAt', (o) => withoutField(newBounty(o), 'createdAt')],
  ['with an escrowPaymentId', (o) => newBounty(o, { escrowPaymentId: 'pi_123' })],
  ['with an approvedSubmissionId', (o) => newBounty(o, { approvedSubmissionId: null })],
  ['with an unknown extra field', (o) => withField(newBounty(o), 'featured', true)],
];

const denied: DeniedCase[] = [
  // Reads
  {
    name: 'a signed-out visitor cannot read an active bounty',
    attempt: (w) => getDoc(bountyRef(dbAnonymous(env), w.bounties.active)),
  },
  {
    name: "a creator cannot read a business's draft bounty",
    attempt: (w) => getDoc(bountyRef(as(w.creator), w.bounties.draft)),
  },
  {
    name: 'another business cannot read a draft it does not own',
    attempt: (w) => getDoc(bountyRef(as(w.otherBusiness), w.bounties.draft)),
  },
  {
    name: 'an admin cannot read a draft it does not own (drafts are owner-only)',
    attempt: (w) => getDoc(bountyRef(dbAdmin(env, w.admin), w.bounties.draft)),
  },
  {
    name: 'a signed-in user cannot list bounties without a filter that excludes drafts',
    attempt: (w) => getDocs(collection(as(w.creator), 'bounties')),
  },
  {
    name: "a business cannot list another business's bounties including drafts",
    attempt: (w) =>
      getDocs(
        query(collection(as(w.otherBusiness), 'bounties'), where('businessId', '==', w.owner)),
      ),
  },

  // Creates: who
  {
    name: 'a creator cannot create a bounty',
    attempt: (w) => createBounty(as(w.creator), newBounty(w.creator)),
  },
  {
    name: 'a signed-in user without a profile cannot create a bounty',
    attempt: (w) => createBounty(as(w.noProfile), newBounty(w.noProfile)),
  },
  {
    name: 'a signed-out visitor cannot create a bounty',
    attempt: (w) => createBounty(dbAnonymous(env), newBounty(w.owner)),
  },
  {
    name: 'an admin without a business profile cannot create a bounty',
    attempt: (w) => createBounty(dbAdmin(env, w.admin), newBounty(w.admin)),
  },
  {
    name: 'a business cannot create a bounty on behalf of another business',
    attempt: (w) => ownerCreates(w, newBounty(w.otherBusiness)),
  },
  ...(['funding', 'active', 'completed', 'expired', 'cancelled'] as const).map((status) => ({
    name: `a business cannot create a bounty that starts as ${status}`,
    attempt: (w: World) => ownerCreates(w, newBounty(w.owner, { status })),
  })),

  // Creates: shape
  ...invalidCreates.map(([what, build]) => ({
    name: `a business cannot create a bounty ${what}`,
    attempt: (w: World) => ownerCreates(w, build(w.owner)),
  })),

  // Status moves reserved for the server
  ...(['funding', 'active', 'completed', 'expired'] as const).map((status) => ({
    name: `the owner cannot move its draft to ${status}`,
    attempt: (w: World) => ownerUpdates(w, w.bounties.draft, { status }),
  })),
  {
    name: 'the owner cannot mark its active bounty completed',
    attempt: (w) => ownerUpdates(w, w.bounties.active, { status: 'completed' }),
  },
  {
    name: 'the owner cannot cancel an active bounty',
    attempt: (w) => ownerUpdates(w, w.bounties.active, { status: 'cancelled' }),
  },
  {
    name: 'the owner cannot cancel a bounty that is being funded',
    attempt: (w) => ownerUpdates(w, w.bounties.funding, { status: 'cancelled' }),
  },
  {
    name: 'the owner cannot revive a cancelled bounty as a draft',
    attempt: (w) => ownerUpdates(w, w.bounties.cancelled, { status: 'draft' }),
  },
  {
    name: 'the owner cannot cancel its draft and change its title in the same write',
    attempt: (w) => ownerUpdates(w, w.bounties.draft, { status: 'cancelled', title: 'Sneaky' }),
  },

  // Draft edits
  {
    name: 'the owner cannot attach an escrowPaymentId to its draft',
    attempt: (w) => ownerUpdates(w, w.bounties.draft, { escrowPaymentId: 'pi_fake' }),
  },
  {
    name: 'the owner cannot set approvedSubmissionId on its draft',
    attempt: (w) => ownerUpdates(w, w.bounties.draft, { approvedSubmissionId: 'sub-1' }),
  },
  {
    name: 'the owner cannot hand its draft to another business',
    attempt: (w) => ownerUpdates(w, w.bounties.draft, { businessId: w.otherBusiness }),
  },
  {
    name: 'the owner cannot move its draft deadline into the past',
    attempt: (w) => ownerUpdates(w, w.bounties.draft, { deadline: daysFromNow(-1) }),
  },
  {
    name: 'the owner cannot set an invalid reward on its draft',
    attempt: (w) => ownerUpdates(w, w.bounties.draft, { rewardCents: 0 }),
  },
  {
    name: 'the owner cannot give its draft a 201-character title',
    attempt: (w) => ownerUpdates(w, w.bounties.draft, { title: repeat('t', 201) }),
  },
  {
    name: 'the owner cannot backdate updatedAt on its draft',
    attempt: (w) =>
      ownerUpdates(w, w.bounties.draft, { title: 'x', updatedAt: Timestamp.fromMillis(0) }),
  },
  {
    name: 'the owner cannot add an unknown field to its draft',
    attempt: (w) => ownerUpdates(w, w.bounties.draft, { featured: true }),
  },

  // Money and content freeze once the bounty leaves draft
  {
    name: 'the owner cannot change the reward of a bounty being funded',
    attempt: (w) => ownerUpdates(w, w.bounties.funding, { rewardCents: 1 }),
  },
  {
    name: 'the owner cannot change the currency of an active bounty',
    attempt: (w) => ownerUpdates(w, w.bounties.active, { currency: 'eur' }),
  },
  {
    name: 'the owner cannot edit the title of an active bounty',
    attempt: (w) => ownerUpdates(w, w.bounties.active, { title: 'Changed after funding' }),
  },
  {
    name: 'the owner cannot forge approvedSubmissionId on an active bounty',
    attempt: (w) => ownerUpdates(w, w.bounties.active, { approvedSubmissionId: 'sub-forged' }),
  },

  // Other people
  {
    name: "another business cannot edit a business's draft",
    attempt: (w) =>
      updateDoc(bountyRef(as(w.otherBusiness), w.bounties.draft), { title: 'Hijacked' }),
  },
  {
    name: "another business cannot cancel a business's draft",
    attempt: (w) =>
      updateDoc(bountyRef(as(w.otherBusiness), w.bounties.draft), { status: 'cancelled' }),
  },
  {
    name: 'a creator cannot edit an active bounty',
    attempt: (w) => updateDoc(bountyRef(as(w.creator), w.bounties.active), { rewardCents: 1 }),
  },
  {
    name: 'an admin cannot activate a bounty from a client',
    attempt: (w) =>
      updateDoc(bountyRef(dbAdmin(env, w.admin), w.bounties.funding), { status: 'active' }),
  },

  // Deletes
  {
    name: 'the owner cannot delete its draft',
    attempt: (w) => deleteDoc(bountyRef(as(w.owner), w.bounties.draft)),
  },
  {
    name: 'the owner cannot delete its cancelled bounty',
    attempt: (w) => deleteDoc(bountyRef(as(w.owner), w.bounties.cancelled)),
  },
  {
    name: 'an admin cannot delete a bounty from a client',
    attempt: (w) => deleteDoc(bountyRef(dbAdmin(env, w.admin), w.bounties.expired)),
  },
];

describe('bounties: denied', () => {
  for (const { name, attempt } of denied) {
    it(name, async () => {
      await assertFails(attempt(world));
    });
  }
});
