/**
 * Writes the demo's seed data into running emulators: users in Auth (with an admin claim for the
 * operator) and their Firestore profiles. `scripts/refresh-seed.sh` runs this and exports the
 * result to `emulator-data/`, which the demo imports with `--import`.
 */
import { getApps, initializeApp } from 'firebase-admin/app';
import { getAuth } from 'firebase-admin/auth';
import { getFirestore } from 'firebase-admin/firestore';

export const DEMO_PASSWORD = 'demo-password-1';

export const DEMO_USERS = [
  {
    uid: 'business-acme',
    email: 'owner@acme.example',
    displayName: 'Acme Foods',
    role: 'business',
  },
  {
    uid: 'creator-ana',
    email: 'ana@creators.example',
    displayName: 'Ana',
    role: 'creator',
    stripeAccountId: 'acct_demo_ana',
    fcmTokens: ['device-ana-phone', 'invalid-device-ana-old-tablet'],
  },
  {
    uid: 'creator-ben',
    email: 'ben@creators.example',
    displayName: 'Ben',
    role: 'creator',
    stripeAccountId: 'acct_demo_ben',
    fcmTokens: ['device-ben-phone'],
  },
  {
    uid: 'ops-admin',
    email: 'ops@creatorbounty.example',
    displayName: 'Operator',
    role: 'admin',
    claims: { admin: true },
  },
] as const;

async function seed(): Promise<void> {
  if (getApps().length === 0) initializeApp({ projectId: 'demo-creator-bounty' });
  const auth = getAuth();
  const db = getFirestore();
  for (const user of DEMO_USERS) {
    const { uid, email, displayName, role } = user;
    await auth.createUser({ uid, email, displayName, password: DEMO_PASSWORD });
    if ('claims' in user) await auth.setCustomUserClaims(uid, user.claims);
    const profile: Record<string, unknown> = { role, email, displayName };
    if ('stripeAccountId' in user) profile.stripeAccountId = user.stripeAccountId;
    if ('fcmTokens' in user) profile.fcmTokens = [...user.fcmTokens];
    await db.collection('users').doc(uid).set(profile);
  }
  console.log(`seeded ${DEMO_USERS.length} users`);
}

if (require.main === module) {
  seed().catch((error: unknown) => {
    console.error(error);
    process.exit(1);
  });
}
