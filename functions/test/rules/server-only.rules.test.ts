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
  setDoc,
  updateDoc,
  type Firestore,
} from 'firebase/firestore';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';

import { createRulesEnv, dbAdmin, dbAnonymous, dbAs, seed, uniqueId, userProfile } from './support';

let env: RulesTestEnvironment;

/**
 * One server-owned document per collection. `path` builds a fresh path from the test's unique
 * id so parallel or repeated runs never collide.
 */
interface ServerCollection {
  label: string;
  adminReadable: boolean;
  path: (id: string) => string;
}

const SERVER_COLLECTIONS: readonly ServerCollection[] = [
  { label: 'escrowPayments', adminReadable: true, path: (id) => `escrowPayments/${id}` },
  { label: 'tasks', adminReadable: true, path: (id) => `tasks/${id}` },
  { label: 'deadLetters', adminReadable: true, path: (id) => `deadLetters/${id}` },
  { label: 'auditLog', adminReadable: true, path: (id) => `auditLog/${id}` },
  { label: 'analyticsEvents', adminReadable: true, path: (id) => `analyticsEvents/${id}` },
  { label: 'analyticsDaily', adminReadable: true, path: (id) => `analyticsDaily/${id}` },
  {
    label: 'analyticsDaily shards',
    adminReadable: true,
    path: (id) => `analyticsDaily/${id}/shards/0`,
  },
  { label: 'mail', adminReadable: false, path: (id) => `mail/${id}` },
  { label: 'queueStats', adminReadable: false, path: (id) => `queueStats/${id}` },
  {
    label: 'queueStats subcollections',
    adminReadable: false,
    path: (id) => `queueStats/${id}/lanes/high`,
  },
  { label: 'processedEvents', adminReadable: false, path: (id) => `processedEvents/${id}` },
  { label: 'an unnamed collection', adminReadable: false, path: (id) => `payoutsV2/${id}` },
];

const ADMIN_READABLE = SERVER_COLLECTIONS.filter((c) => c.adminReadable);
const ADMIN_CLOSED = SERVER_COLLECTIONS.filter((c) => !c.adminReadable);

interface World {
  docId: string;
  admin: string;
  business: string;
  creator: string;
  /** A profile that says role 'admin' (server-written) but whose token has no admin claim. */
  roleAdminWithoutClaim: string;
}

let world: World;

beforeAll(async () => {
  env = await createRulesEnv('server-only');
});

afterAll(async () => {
  await env?.cleanup();
});

beforeEach(async () => {
  world = {
    docId: uniqueId('doc'),
    admin: uniqueId('admin'),
    business: uniqueId('biz'),
    creator: uniqueId('creator'),
    roleAdminWithoutClaim: uniqueId('role-admin'),
  };
  const docs: Record<string, Record<string, unknown>> = {
    [`users/${world.business}`]: userProfile(world.business, 'business'),
    [`users/${world.creator}`]: userProfile(world.creator, 'creator'),
    [`users/${world.roleAdminWithoutClaim}`]: {
      ...userProfile(world.roleAdminWithoutClaim, 'creator'),
      role: 'admin',
    },
  };
  for (const c of SERVER_COLLECTIONS) {
    docs[c.path(world.docId)] = { seededBy: 'server', amountCents: 25_000 };
  }
  await seed(env, docs);
});

/** The collection path that contains `c`'s document, for list queries. */
const parentOf = (c: ServerCollection, id: string): string =>
  c.path(id).split('/').slice(0, -1).join('/');

describe('server-only collections: allowed', () => {
  it.each(ADMIN_READABLE.map((c) => [c.label, c] as const))(
    'an admin reads a document in %s',
    async (_label, c) => {
      const db = dbAdmin(env, world.admin);
      const snap = await assertSucceeds(getDoc(doc(db, c.path(world.docId))));
      expect(snap.get('seededBy')).toBe('server');
    },
  );

  it.each(ADMIN_READABLE.map((c) => [c.label, c] as const))(
    'an admin lists %s',
    async (_label, c) => {
      const db = dbAdmin(env, world.admin);
      const snap = await assertSucceeds(getDocs(collection(db, parentOf(c, world.docId))));
      expect(snap.size).toBeGreaterThan(0);
    },
  );
});

interface DeniedCase {
  name: string;
  attempt: (w: World) => Promise<unknown>;
}

type Actor = [who: string, db: (w: World) => Firestore];

const NON_ADMINS: readonly Actor[] = [
  ['a business', (w) => dbAs(env, w.business)],
  ['a creator', (w) => dbAs(env, w.creator)],
  ['a signed-out visitor', () => dbAnonymous(env)],
  [
    'a user whose profile says admin but whose token has no claim',
    (w) => dbAs(env, w.roleAdminWithoutClaim),
  ],
  ["a user whose admin claim is the string 'true'", (w) => dbAs(env, w.creator, { admin: 'true' })],
];

const ADMIN: Actor = ['an admin', (w) => dbAdmin(env, w.admin)];

const denied: DeniedCase[] = [
  // Nobody but an admin reads, and only the admin-readable collections.
  ...SERVER_COLLECTIONS.flatMap((c) =>
    [...NON_ADMINS, ...(c.adminReadable ? [] : [ADMIN])].map(([who, db]) => ({
      name: `${who} cannot read ${c.label}`,
      attempt: (w: World) => getDoc(doc(db(w), c.path(w.docId))),
    })),
  ),
  ...ADMIN_CLOSED.map((c) => ({
    name: `an admin cannot list ${c.label}`,
    attempt: (w: World) => getDocs(collection(dbAdmin(env, w.admin), parentOf(c, w.docId))),
  })),
  {
    name: 'a creator cannot list escrowPayments',
    attempt: (w) => getDocs(collection(dbAs(env, w.creator), 'escrowPayments')),
  },

  // Nobody writes from a client, admins included.
  ...SERVER_COLLECTIONS.flatMap((c) =>
    [ADMIN, NON_ADMINS[0]].flatMap(([who, db]) => [
      {
        name: `${who} cannot create a document in ${c.label}`,
        attempt: (w: World) => setDoc(doc(db(w), c.path(uniqueId('client'))), { forged: true }),
      },
      {
        name: `${who} cannot update a document in ${c.label}`,
        attempt: (w: World) => updateDoc(doc(db(w), c.path(w.docId)), { amountCents: 1 }),
      },
      {
        name: `${who} cannot delete a document in ${c.label}`,
        attempt: (w: World) => deleteDoc(doc(db(w), c.path(w.docId))),
      },
    ]),
  ),
];

describe('server-only collections: denied', () => {
  for (const { name, attempt } of denied) {
    it(name, async () => {
      await assertFails(attempt(world));
    });
  }
});
