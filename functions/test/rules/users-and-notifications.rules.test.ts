import {
  assertFails,
  assertSucceeds,
  type RulesTestEnvironment,
} from '@firebase/rules-unit-testing';
import {
  collection,
  deleteDoc,
  deleteField,
  doc,
  getDoc,
  getDocs,
  setDoc,
  Timestamp,
  updateDoc,
  type DocumentData,
  type Firestore,
} from 'firebase/firestore';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';

import {
  createRulesEnv,
  dbAdmin,
  dbAnonymous,
  dbAs,
  dbWithoutEmail,
  notification,
  now,
  repeat,
  seed,
  uniqueId,
  userProfile,
  withField,
  withoutField,
} from './support';

let env: RulesTestEnvironment;

interface World {
  business: string;
  /** A creator whose Stripe Connect onboarding finished (server wrote stripeAccountId). */
  creator: string;
  /** Signed in, no profile yet. */
  newcomer: string;
  admin: string;
  unread: string;
  read: string;
}

let world: World;

beforeAll(async () => {
  env = await createRulesEnv('users');
});

afterAll(async () => {
  await env?.cleanup();
});

beforeEach(async () => {
  world = {
    business: uniqueId('biz'),
    creator: uniqueId('creator'),
    newcomer: uniqueId('newcomer'),
    admin: uniqueId('admin'),
    unread: uniqueId('notif-unread'),
    read: uniqueId('notif-read'),
  };
  const { business, creator } = world;
  await seed(env, {
    [`users/${business}`]: userProfile(business, 'business'),
    [`users/${creator}`]: userProfile(creator, 'creator', {
      stripeAccountId: 'acct_1Creator',
      fcmTokens: ['token-phone'],
    }),
    [`users/${creator}/notifications/${world.unread}`]: notification(),
    [`users/${creator}/notifications/${world.read}`]: notification({ read: true }),
  });
});

const as = (uid: string): Firestore => dbAs(env, uid);
const userRef = (db: Firestore, uid: string) => doc(db, 'users', uid);
const notificationRef = (db: Firestore, uid: string, id: string) =>
  doc(db, 'users', uid, 'notifications', id);
/** The newcomer creating its own profile, valid except for the given change. */
const newcomerCreates = (w: World, data: DocumentData) =>
  setDoc(userRef(as(w.newcomer), w.newcomer), data);
const creatorUpdates = (w: World, changes: DocumentData) =>
  updateDoc(userRef(as(w.creator), w.creator), changes);
const tokens = (count: number, length: number): string[] =>
  Array.from({ length: count }, (_, i) => `${i}:${repeat('t', length - String(i).length - 1)}`);

describe('users: allowed', () => {
  it.each(['business', 'creator'] as const)(
    'a new user creates its own %s profile',
    async (role) => {
      await assertSucceeds(newcomerCreates(world, userProfile(world.newcomer, role)));
    },
  );

  it('a new user creates a profile with ten 1000-character FCM tokens', async () => {
    await assertSucceeds(
      newcomerCreates(
        world,
        userProfile(world.newcomer, 'creator', { fcmTokens: tokens(10, 1000) }),
      ),
    );
  });

  it('a new user creates a minimal profile without timestamps', async () => {
    const minimal = withoutField(
      withoutField(userProfile(world.newcomer, 'creator'), 'createdAt'),
      'updatedAt',
    );
    await assertSucceeds(newcomerCreates(world, minimal));
  });

  it('a user reads its own profile, including the server-written stripeAccountId', async () => {
    const snap = await assertSucceeds(getDoc(userRef(as(world.creator), world.creator)));
    expect(snap.get('stripeAccountId')).toBe('acct_1Creator');
  });

  it('a user renames itself without touching server-written fields', async () => {
    await assertSucceeds(creatorUpdates(world, { displayName: 'New name', updatedAt: now() }));
  });

  it('a user replaces its FCM tokens', async () => {
    await assertSucceeds(creatorUpdates(world, { fcmTokens: ['token-phone', 'token-tablet'] }));
  });

  it('a user removes its FCM tokens entirely', async () => {
    await assertSucceeds(creatorUpdates(world, { fcmTokens: deleteField() }));
  });

  it('a user updates its email to the new address on its Auth token', async () => {
    const db = dbAs(env, world.business, { email: 'renamed@example.test' });
    await assertSucceeds(updateDoc(userRef(db, world.business), { email: 'renamed@example.test' }));
  });
});

describe('notifications: allowed', () => {
  it('a user reads its own notification', async () => {
    const snap = await assertSucceeds(
      getDoc(notificationRef(as(world.creator), world.creator, world.unread)),
    );
    expect(snap.get('read')).toBe(false);
  });

  it('a user lists its own notifications', async () => {
    const snap = await assertSucceeds(
      getDocs(collection(as(world.creator), 'users', world.creator, 'notifications')),
    );
    expect(snap.size).toBe(2);
  });

  it('a user marks a notification read', async () => {
    await assertSucceeds(
      updateDoc(notificationRef(as(world.creator), world.creator, world.unread), { read: true }),
    );
  });

  it('a user marks a notification unread again', async () => {
    await assertSucceeds(
      updateDoc(notificationRef(as(world.creator), world.creator, world.read), { read: false }),
    );
  });
});

interface DeniedCase {
  name: string;
  attempt: (w: World) => Promise<unknown>;
}

/** Profile creates by the newcomer for itself, valid except for one thing. */
const invalidProfiles: Array<[string, (uid: string) => DocumentData]> = [
  ['with role admin', (u) => withField(userProfile(u, 'creator'), 'role', 'admin')],
  ['with an unknown role', (u) => withField(userProfile(u, 'creator'), 'role', 'moderator')],
  ['without a role', (u) => withoutField(userProfile(u, 'creator'), 'role')],
  ['with a stripeAccountId', (u) => userProfile(u, 'creator', { stripeAccountId: 'acct_forged' })],
  [
    'with an email that is not on its Auth token',
    (u) => userProfile(u, 'creator', { email: 'someone-else@example.test' }),
  ],
  ['without an email', (u) => withoutField(userProfile(u, 'creator'), 'email')],
  ['with an empty displayName', (u) => userProfile(u, 'creator', { displayName: '' })],
  [
    'with a 101-character displayName',
    (u) => userProfile(u, 'creator', { displayName: repeat('n', 101) }),
  ],
  ['with a numeric displayName', (u) => withField(userProfile(u, 'creator'), 'displayName', 7)],
  ['with eleven FCM tokens', (u) => userProfile(u, 'creator', { fcmTokens: tokens(11, 20) })],
  [
    'with a 1001-character FCM token',
    (u) => userProfile(u, 'creator', { fcmTokens: tokens(1, 1001) }),
  ],
  ['with a non-string FCM token', (u) => withField(userProfile(u, 'creator'), 'fcmTokens', [1])],
  [
    'with fcmTokens as a single string',
    (u) => withField(userProfile(u, 'creator'), 'fcmTokens', 'token'),
  ],
  ['with an extra isAdmin flag', (u) => withField(userProfile(u, 'creator'), 'isAdmin', true)],
  [
    'with a client-chosen createdAt',
    (u) => userProfile(u, 'creator', { createdAt: Timestamp.fromMillis(0) }),
  ],
];

const denied: DeniedCase[] = [
  // Profile creation
  ...invalidProfiles.map(([what, build]) => ({
    name: `a user cannot create its profile ${what}`,
    attempt: (w: World) => newcomerCreates(w, build(w.newcomer)),
  })),
  {
    name: 'a user cannot create a profile for another uid',
    attempt: (w) =>
      setDoc(userRef(as(w.business), w.newcomer), userProfile(w.newcomer, 'business')),
  },
  {
    name: 'a signed-out visitor cannot create a profile',
    attempt: (w) =>
      setDoc(userRef(dbAnonymous(env), w.newcomer), userProfile(w.newcomer, 'business')),
  },
  {
    name: 'a user whose Auth token has no email cannot create a profile',
    attempt: (w) =>
      setDoc(
        userRef(dbWithoutEmail(env, w.newcomer), w.newcomer),
        userProfile(w.newcomer, 'creator'),
      ),
  },

  // Profile updates
  {
    name: 'a business cannot turn itself into a creator',
    attempt: (w) => updateDoc(userRef(as(w.business), w.business), { role: 'creator' }),
  },
  {
    name: 'a creator cannot promote itself to admin',
    attempt: (w) => creatorUpdates(w, { role: 'admin' }),
  },
  {
    name: 'a business cannot give itself a stripeAccountId',
    attempt: (w) =>
      updateDoc(userRef(as(w.business), w.business), { stripeAccountId: 'acct_forged' }),
  },
  {
    name: 'a creator cannot redirect its payouts to another stripeAccountId',
    attempt: (w) => creatorUpdates(w, { stripeAccountId: 'acct_attacker' }),
  },
  {
    name: 'a creator cannot remove its stripeAccountId',
    attempt: (w) => creatorUpdates(w, { stripeAccountId: deleteField() }),
  },
  {
    name: 'a user cannot change its email to one that is not on its Auth token',
    attempt: (w) => creatorUpdates(w, { email: 'victim@example.test' }),
  },
  {
    name: 'a user cannot rename itself to a 101-character displayName',
    attempt: (w) => creatorUpdates(w, { displayName: repeat('n', 101) }),
  },
  {
    name: 'a user cannot store eleven FCM tokens',
    attempt: (w) => creatorUpdates(w, { fcmTokens: tokens(11, 20) }),
  },
  {
    name: 'a user cannot add an unknown field to its profile',
    attempt: (w) => creatorUpdates(w, { verifiedCreator: true }),
  },
  {
    name: 'a user cannot backdate updatedAt on its profile',
    attempt: (w) => creatorUpdates(w, { displayName: 'x', updatedAt: Timestamp.fromMillis(0) }),
  },
  {
    name: "a user cannot edit another user's profile",
    attempt: (w) => updateDoc(userRef(as(w.business), w.creator), { displayName: 'Hacked' }),
  },
  {
    name: "an admin cannot edit a user's profile from a client",
    attempt: (w) => updateDoc(userRef(dbAdmin(env, w.admin), w.creator), { displayName: 'Admin' }),
  },
  {
    name: 'a user cannot delete its own profile',
    attempt: (w) => deleteDoc(userRef(as(w.creator), w.creator)),
  },

  // Profile reads
  {
    name: "a user cannot read another user's profile",
    attempt: (w) => getDoc(userRef(as(w.business), w.creator)),
  },
  {
    name: 'a signed-out visitor cannot read a profile',
    attempt: (w) => getDoc(userRef(dbAnonymous(env), w.creator)),
  },
  {
    name: "an admin cannot read a user's profile from a client",
    attempt: (w) => getDoc(userRef(dbAdmin(env, w.admin), w.creator)),
  },
  {
    name: 'a user cannot list all profiles',
    attempt: (w) => getDocs(collection(as(w.creator), 'users')),
  },

  // Notifications
  {
    name: "a user cannot read another user's notification",
    attempt: (w) => getDoc(notificationRef(as(w.business), w.creator, w.unread)),
  },
  {
    name: "a user cannot list another user's notifications",
    attempt: (w) => getDocs(collection(as(w.business), 'users', w.creator, 'notifications')),
  },
  {
    name: 'a signed-out visitor cannot read a notification',
    attempt: (w) => getDoc(notificationRef(dbAnonymous(env), w.creator, w.unread)),
  },
  {
    name: 'a user cannot create a notification for itself',
    attempt: (w) =>
      setDoc(notificationRef(as(w.creator), w.creator, uniqueId('notif')), notification()),
  },
  {
    name: 'a user cannot create a notification for another user',
    attempt: (w) =>
      setDoc(notificationRef(as(w.business), w.creator, uniqueId('notif')), notification()),
  },
  {
    name: 'an admin cannot create a notification from a client',
    attempt: (w) =>
      setDoc(notificationRef(dbAdmin(env, w.admin), w.creator, uniqueId('notif')), notification()),
  },
  {
    name: 'a user cannot delete its own notification',
    attempt: (w) => deleteDoc(notificationRef(as(w.creator), w.creator, w.read)),
  },
  {
    name: "a user cannot change a notification's title",
    attempt: (w) =>
      updateDoc(notificationRef(as(w.creator), w.creator, w.unread), { title: 'Edited' }),
  },
  {
    name: 'a user cannot change the message while marking a notification read',
    attempt: (w) =>
      updateDoc(notificationRef(as(w.creator), w.creator, w.unread), {
        read: true,
        message: 'Edited',
      }),
  },
  {
    name: 'a user cannot set read to a non-boolean',
    attempt: (w) => updateDoc(notificationRef(as(w.creator), w.creator, w.unread), { read: 'yes' }),
  },
  {
    name: 'a user cannot remove the read flag',
    attempt: (w) =>
      updateDoc(notificationRef(as(w.creator), w.creator, w.unread), { read: deleteField() }),
  },
  {
    name: "a user cannot mark another user's notification read",
    attempt: (w) => updateDoc(notificationRef(as(w.business), w.creator, w.unread), { read: true }),
  },
  {
    name: 'a user cannot write to other subcollections of its own profile',
    attempt: (w) =>
      setDoc(doc(as(w.creator), 'users', w.creator, 'payouts', uniqueId('payout')), {
        amountCents: 1,
      }),
  },
];

describe('users and notifications: denied', () => {
  for (const { name, attempt } of denied) {
    it(name, async () => {
      await assertFails(attempt(world));
    });
  }
});
