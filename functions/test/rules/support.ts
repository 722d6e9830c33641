/**
 * Shared fixtures for the Firestore security rules suites: the test environment, per-actor
 * Firestore handles, seeding helpers and typed builders that produce documents the rules accept.
 *
 * Every denied case in the suites starts from one of these valid builders and changes exactly one
 * thing, so a failure to deny points at the rule that regressed rather than at a malformed fixture.
 */
import { randomUUID } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';

import {
  initializeTestEnvironment,
  type RulesTestContext,
  type RulesTestEnvironment,
  type TokenOptions,
} from '@firebase/rules-unit-testing';
import {
  doc,
  serverTimestamp,
  setLogLevel,
  Timestamp,
  writeBatch,
  type DocumentData,
  type FieldValue,
  type Firestore,
} from 'firebase/firestore';

export const RULES_PATH = resolve(__dirname, '../../../firestore.rules');

/** Starts a rules test environment in its own demo project so suites never see each other. */
export async function createRulesEnv(suite: string): Promise<RulesTestEnvironment> {
  if (!process.env.FIRESTORE_EMULATOR_HOST) {
    throw new Error(
      'FIRESTORE_EMULATOR_HOST is not set: start the Firestore emulator and export its host:port',
    );
  }
  // Every denied write otherwise logs a gRPC stream warning; assertFails() is the signal.
  setLogLevel('silent');
  return initializeTestEnvironment({
    projectId: `demo-rules-${suite}`,
    firestore: { rules: readFileSync(RULES_PATH, 'utf8') },
  });
}

/** A document id / uid that no other test uses, readable in emulator logs. */
export function uniqueId(label: string): string {
  return `${label}-${randomUUID().slice(0, 8)}`;
}

/** The email every test user signs in with (profiles must carry the Auth email). */
export function emailFor(uid: string): string {
  return `${uid}@example.test`;
}

/**
 * rules-unit-testing hands out a compat Firestore instance; the modular API (`doc`, `setDoc`,
 * ...) unwraps it at run time, but the TypeScript types differ, hence this single cast.
 */
export function modular(context: RulesTestContext): Firestore {
  return context.firestore() as unknown as Firestore;
}

/** A signed-in user whose ID token carries their email plus any extra claims (e.g. admin). */
export function dbAs(env: RulesTestEnvironment, uid: string, claims: TokenOptions = {}): Firestore {
  return modular(env.authenticatedContext(uid, { email: emailFor(uid), ...claims }));
}

/** A signed-in user with no email on the token (phone or anonymous sign-in). */
export function dbWithoutEmail(env: RulesTestEnvironment, uid: string): Firestore {
  return modular(env.authenticatedContext(uid));
}

export function dbAnonymous(env: RulesTestEnvironment): Firestore {
  return modular(env.unauthenticatedContext());
}

/** An Auth user carrying the `admin: true` custom claim (and no Firestore profile). */
export function dbAdmin(env: RulesTestEnvironment, uid: string): Firestore {
  return dbAs(env, uid, { admin: true });
}

/** Writes documents with rules disabled, as the Admin SDK would. Keys are document paths. */
export async function seed(
  env: RulesTestEnvironment,
  docs: Record<string, DocumentData>,
): Promise<void> {
  await env.withSecurityRulesDisabled(async (context) => {
    const db = modular(context);
    const batch = writeBatch(db);
    for (const [path, data] of Object.entries(docs)) {
      batch.set(doc(db, path), data);
    }
    await batch.commit();
  });
}

/** A copy of `data` with `key` set to any value, including ones the types forbid. */
export function withField<T extends object>(data: T, key: string, value: unknown): DocumentData {
  return { ...data, [key]: value };
}

/** A copy of `data` without `key`. */
export function withoutField<T extends object>(data: T, key: keyof T & string): DocumentData {
  const copy: DocumentData = { ...data };
  delete copy[key];
  return copy;
}

export function repeat(char: string, length: number): string {
  return char.repeat(length);
}

// ---------------------------------------------------------------------------------------------
// Time
// ---------------------------------------------------------------------------------------------

const DAY_MS = 24 * 60 * 60 * 1000;

export function daysFromNow(days: number): Timestamp {
  return Timestamp.fromMillis(Date.now() + days * DAY_MS);
}

/** What clients must send for createdAt / updatedAt (the rules require request.time). */
export function now(): FieldValue {
  return serverTimestamp();
}

type Stamp = Timestamp | FieldValue;

// ---------------------------------------------------------------------------------------------
// users/{uid}
// ---------------------------------------------------------------------------------------------

export type ClientRole = 'business' | 'creator';
export type Role = ClientRole | 'admin';

export interface UserProfile {
  role: Role;
  email: string;
  displayName: string;
  fcmTokens?: string[];
  stripeAccountId?: string;
  createdAt?: Stamp;
  updatedAt?: Stamp;
}

/** A profile a client may create for itself. */
export function userProfile(
  uid: string,
  role: ClientRole,
  overrides: Partial<UserProfile> = {},
): UserProfile {
  return {
    role,
    email: emailFor(uid),
    displayName: `Test ${role} ${uid}`,
    createdAt: now(),
    updatedAt: now(),
    ...overrides,
  };
}

// ---------------------------------------------------------------------------------------------
// users/{uid}/notifications/{id}
// ---------------------------------------------------------------------------------------------

export interface Notification {
  type: string;
  title: string;
  message: string;
  data: Record<string, string>;
  read: boolean;
  createdAt: Stamp;
}

export function notification(overrides: Partial<Notification> = {}): Notification {
  return {
    type: 'submission_approved',
    title: 'Your submission was approved',
    message: 'The payout is on its way.',
    data: { bountyId: 'b-1', submissionId: 's-1' },
    read: false,
    createdAt: Timestamp.now(),
    ...overrides,
  };
}

// ---------------------------------------------------------------------------------------------
// bounties/{id}
// ---------------------------------------------------------------------------------------------

export type Platform = 'tiktok' | 'youtube' | 'instagram' | 'x';
export type BountyStatus = 'draft' | 'funding' | 'active' | 'completed' | 'expired' | 'cancelled';

export interface Bounty {
  businessId: string;
  title: string;
  description: string;
  category: string;
  platforms: Platform[];
  requirements: { hashtags: string[]; mentions: string[] };
  rewardCents: number;
  currency: string;
  deadline: Timestamp;
  status: BountyStatus;
  escrowPaymentId?: string | null;
  approvedSubmissionId?: string | null;
  createdAt: Stamp;
  updatedAt: Stamp;
}

/** A draft bounty exactly as a business client may create it. */
export function newBounty(businessId: string, overrides: Partial<Bounty> = {}): Bounty {
  return {
    businessId,
    title: 'Unbox our new headphones',
    description: 'Post a 30 second unboxing video and tag us.',
    category: 'tech',
    platforms: ['tiktok', 'youtube'],
    requirements: { hashtags: ['#sponsored', '#unboxing'], mentions: ['@acme'] },
    rewardCents: 25_000,
    currency: 'usd',
    deadline: daysFromNow(14),
    status: 'draft',
    createdAt: now(),
    updatedAt: now(),
    ...overrides,
  };
}

/** A bounty as the server leaves it after funding (rules are bypassed when seeding). */
export function fundedBounty(
  businessId: string,
  status: BountyStatus,
  overrides: Partial<Bounty> = {},
): Bounty {
  return newBounty(businessId, {
    status,
    escrowPaymentId: uniqueId('escrow'),
    approvedSubmissionId: null,
    ...overrides,
  });
}

// ---------------------------------------------------------------------------------------------
// submissions/{id}
// ---------------------------------------------------------------------------------------------

export type SubmissionStatus =
  'submitted' | 'verifying' | 'verified' | 'rejected' | 'needs_review' | 'approved' | 'declined';

export interface Submission {
  bountyId: string;
  creatorId: string;
  contentLinks: string[];
  status: SubmissionStatus;
  verification?: Record<string, unknown>;
  decisionNote?: string;
  createdAt: Stamp;
  updatedAt?: Stamp;
}

/** A submission exactly as a creator client may create it. */
export function newSubmission(
  bountyId: string,
  creatorId: string,
  overrides: Partial<Submission> = {},
): Submission {
  return {
    bountyId,
    creatorId,
    contentLinks: ['https://www.tiktok.com/@creator/video/7300000000000000000'],
    status: 'submitted',
    createdAt: now(),
    ...overrides,
  };
}

/** A submission after the verifier has run (rules are bypassed when seeding). */
export function verifiedSubmission(
  bountyId: string,
  creatorId: string,
  status: SubmissionStatus,
  overrides: Partial<Submission> = {},
): Submission {
  return newSubmission(bountyId, creatorId, {
    status,
    verification: { checkedAt: Timestamp.now(), hashtagsFound: ['#sponsored'], score: 0.93 },
    updatedAt: Timestamp.now(),
    ...overrides,
  });
}

/** `count` distinct valid https links of exactly `length` characters each. */
export function httpsLinks(count: number, length: number): string[] {
  return Array.from({ length: count }, (_, index) => {
    const prefix = `https://example.com/${index}/`;
    return prefix + repeat('a', length - prefix.length);
  });
}
